package care.iop.events.medication;

/** One substance tested in a drug screen. */
public record SubstanceResult(
        String substanceCode,
        ScreenResult result,
        boolean expected) {
}
