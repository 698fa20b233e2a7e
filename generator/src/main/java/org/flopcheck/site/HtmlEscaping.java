package org.flopcheck.site;

import org.apache.velocity.app.event.ReferenceInsertionEventHandler;
import org.apache.velocity.context.Context;

/**
 * Escapes every reference a template inserts, except MathML.
 *
 * <p>The naming convention for unescaped references: a reference whose last name is {@code math} or ends in
 * {@code Math} ({@code $step.formulaMath}, {@code $cell.math}, {@code ${symbol.nameMath}}) is inserted as it is,
 * and its value must be a {@link MathMarkup}, the type only the MathML renderer produces; any other value under
 * such a name is an error that names the reference. Every other reference is escaped for HTML text and attribute
 * values ({@code & < > " '}).
 */
public final class HtmlEscaping implements ReferenceInsertionEventHandler {

    @Override
    public Object referenceInsert(Context context, String reference, Object value) {
        if (value == null) {
            return null;
        }
        if (unescaped(reference)) {
            if (!(value instanceof MathMarkup)) {
                throw new IllegalStateException("template reference " + reference + " is named as MathML (…Math) but"
                        + " holds a " + value.getClass().getSimpleName() + ", not a MathMarkup");
            }
            return ((MathMarkup) value).markup();
        }
        if (value instanceof MathMarkup) {
            throw new IllegalStateException("template reference " + reference + " holds MathML but its name does not"
                    + " end in Math, so it would be escaped");
        }
        return escape(value.toString());
    }

    /** True for {@code $x.formulaMath}, {@code ${x.math}}, {@code $!x.nameMath()}. */
    static boolean unescaped(String reference) {
        String r = reference.replace("$", "").replace("!", "").replace("{", "").replace("}", "");
        if (r.endsWith("()")) {
            r = r.substring(0, r.length() - 2);
        }
        String last = r.substring(r.lastIndexOf('.') + 1);
        return last.equals("math") || last.endsWith("Math");
    }

    static String escape(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String rep = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (rep != null && sb == null) {
                sb = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (sb != null) {
                if (rep != null) {
                    sb.append(rep);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? text : sb.toString();
    }
}
