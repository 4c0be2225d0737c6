package dev.tandem.driver.spec;

import java.util.List;

/** A migration spec that failed validation; the message lists every problem found. */
public class SpecException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public SpecException(String source, List<String> problems) {
        super("Invalid migration spec " + source + ":\n  - " + String.join("\n  - ", problems)
            + "\nFix the spec and reload; the running configuration was left unchanged.");
        this.problems = List.copyOf(problems);
    }

    public SpecException(String source, String problem, Throwable cause) {
        super("Invalid migration spec " + source + ": " + problem
            + "\nFix the spec and reload; the running configuration was left unchanged.", cause);
        this.problems = List.of(problem);
    }

    /** Each problem, naming the migration and the field. */
    public List<String> problems() {
        return problems;
    }
}
