package org.flopcheck.cli;

/** A mistake in what the user gave the command line, already phrased as the one line to print. */
final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadInputException(String message) {
        super(message);
    }
}
