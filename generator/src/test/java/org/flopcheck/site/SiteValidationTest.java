package org.flopcheck.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nu.validator.validation.SimpleDocumentValidator;
import nu.validator.xml.SystemErrErrorHandler;
import org.junit.jupiter.api.Test;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

/** Every page and the style sheet pass the W3C Nu HTML checker, run in-process, with zero errors. */
class SiteValidationTest {

    /** Collects the checker's errors; warnings (info messages) are not failures. */
    static final class Collector implements ErrorHandler {
        final List<String> errors = new ArrayList<>();
        String file = "";

        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) {
            errors.add(file + ":" + e.getLineNumber() + ":" + e.getColumnNumber() + ": " + e.getMessage());
        }

        @Override
        public void fatalError(SAXParseException e) {
            error(e);
        }
    }

    @Test
    void every_page_and_the_style_sheet_pass_the_nu_html_checker() throws Exception {
        Collector errors = new Collector();
        SimpleDocumentValidator validator = new SimpleDocumentValidator(true, false, true);
        validator.setUpMainSchema("http://s.validator.nu/html5-all.rnc", new SystemErrErrorHandler());
        validator.setUpValidatorAndParsers(errors, false, false);
        int checked = 0;
        for (Path page : BuiltSite.pages()) {
            errors.file = BuiltSite.relative(page);
            validator.checkHtmlFile(page.toFile(), true);
            checked++;
        }
        errors.file = "site.css";
        validator.checkCssFile(new File(BuiltSite.root().resolve("site.css").toString()), true);
        System.out.println("Nu HTML checker: " + checked + " pages and site.css, " + errors.errors.size() + " errors");
        assertThat(errors.errors).as("Nu HTML checker errors").isEmpty();
        assertThat(checked).isGreaterThan(50);
    }
}
