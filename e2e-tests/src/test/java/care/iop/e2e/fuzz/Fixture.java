package care.iop.e2e.fuzz;

/** The real records the fuzzer points ids at: a patient of clinic A admitted and known to every service. */
record Fixture(String patientId, String enrollmentId, String trackCode, String partnerId) {
}
