package org.flopcheck.cli;

import java.util.ArrayList;
import java.util.List;
import org.flopcheck.convention.Convention;
import org.flopcheck.convention.Conventions;
import org.flopcheck.spec.Suggestions;

/** Convention ids on the command line: each must name a convention; a typo gets the closest id suggested. */
final class ConventionIds {
    private ConventionIds() {
    }

    static List<Convention> resolve(List<String> ids) {
        if (ids == null || ids.isEmpty()) {
            return Conventions.all();
        }
        List<Convention> out = new ArrayList<>();
        for (String id : ids) {
            Convention c = Conventions.all().stream().filter(x -> x.id().equals(id.strip())).findFirst()
                    .orElseThrow(() -> new BadInputException("unknown convention '" + id + "'"
                            + Suggestions.hint(id, known()) + " (known: " + String.join(", ", known()) + ")"));
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    static List<String> known() {
        return Conventions.all().stream().map(Convention::id).toList();
    }
}
