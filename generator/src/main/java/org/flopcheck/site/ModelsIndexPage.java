package org.flopcheck.site;

import java.util.List;

/**
 * The list of catalogue models, each with its parameters and library totals, linked to its discrepancy page.
 *
 * @param columns the library conventions' titles, in the order of each entry's totals
 * @param models  in catalogue order
 */
public record ModelsIndexPage(List<String> columns, List<Entry> models) {
    public ModelsIndexPage {
        columns = List.copyOf(columns);
        models = List.copyOf(models);
    }

    /** One model. */
    public record Entry(String name, String href, String description, Quantity params, List<Worked.Total> totals) {
    }
}
