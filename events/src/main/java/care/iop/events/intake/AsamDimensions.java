package care.iop.events.intake;

/** ASAM risk ratings, 0 (none) to 4 (severe), of the six dimensions. */
public record AsamDimensions(
        int d1,
        int d2,
        int d3,
        int d4,
        int d5,
        int d6) {
}
