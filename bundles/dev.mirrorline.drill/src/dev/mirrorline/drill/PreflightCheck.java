package dev.mirrorline.drill;

/**
 * One check made before a drill runs.
 *
 * @param name what is checked, e.g. "Pair consistent"
 * @param passed whether it holds
 * @param message what was found, in words; for a failed check, what to do about it
 */
public record PreflightCheck(String name, boolean passed, String message) {

    static PreflightCheck passed(String name, String message) {
        return new PreflightCheck(name, true, message);
    }

    static PreflightCheck failed(String name, String message) {
        return new PreflightCheck(name, false, message);
    }
}
