package care.iop.intake.admission;

import care.iop.common.audit.AuditLog;
import care.iop.common.http.ETags;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.outbox.Outbox;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.ClinicScope;
import care.iop.common.security.Roles;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.LevelOfCare;
import care.iop.events.audit.AuditAction;
import care.iop.events.intake.PatientAdmitted;
import care.iop.events.intake.PatientWaitlisted;
import care.iop.intake.assessment.Assessment;
import care.iop.intake.patient.Coverage;
import care.iop.intake.patient.Patient;
import care.iop.intake.referral.Referral;
import care.iop.intake.referral.ReferralStatus;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Admission to a program track at the IOP level, and the track's waitlist. */
@Path("/api/v1/intake")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Admissions and waitlist")
@RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION})
@RetryOnConflict
public class AdmissionResource {

    /** The levels of care this program provides: it is an intensive outpatient program. */
    static final Set<LevelOfCare> PROVIDED_LEVELS = Set.of(LevelOfCare.LEVEL_2_1);
    static final String TRACK = "[A-Z0-9][A-Z0-9-]{0,31}";

    public record AdmissionRequest(@NotNull UUID patientId, UUID referralId,
                                   @NotNull @Pattern(regexp = TRACK) String trackCode,
                                   @NotNull LevelOfCare levelOfCare, @NotNull LocalDate admissionDate,
                                   @NotNull UUID primaryCounselorId, UUID coverageId) {
    }

    public record AdmissionView(UUID id, UUID patientId, UUID referralId, String trackCode, LevelOfCare levelOfCare,
                                LocalDate admissionDate, UUID primaryCounselorId, UUID coverageId, long version) {
        static AdmissionView of(Admission a) {
            return new AdmissionView(a.id, a.patientId, a.referralId, a.trackCode, a.levelOfCare, a.admissionDate,
                    a.primaryCounselorId, a.coverageId, a.version);
        }
    }

    public record WaitlistRequest(@NotNull UUID patientId, UUID referralId,
                                  @NotNull @Pattern(regexp = TRACK) String trackCode, LocalDate expectedStart) {
    }

    public record Decline(@NotNull @Pattern(regexp = "[a-z0-9][a-z0-9.-]{0,63}") String reasonCode) {
    }

    public record WaitlistView(UUID id, UUID patientId, UUID referralId, String trackCode, Integer position,
                               Instant addedAt, LocalDate expectedStart, WaitlistEntry.Status status,
                               Instant offeredAt, long version) {
    }

    @Inject
    ClinicScope clinicScope;

    @Inject
    CallerContext caller;

    @Inject
    Outbox outbox;

    @Inject
    AuditLog audit;

    @Inject
    Idempotency idempotency;

    @POST
    @Path("admissions")
    @Transactional
    @Operation(summary = "Admit a patient to a program track",
            description = "Only at a level the program provides (2.1), and only when the patient's latest assessment "
                    + "ended at that level. Accepts Idempotency-Key.")
    public Response admit(@NotNull @Valid AdmissionRequest request,
                          @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return idempotency.create(idempotencyKey, request, () -> {
            Patient patient = clinicScope.require(Patient.class, request.patientId(), LockModeType.PESSIMISTIC_WRITE);
            if (!PROVIDED_LEVELS.contains(request.levelOfCare())) {
                throw ProblemException.unprocessable("This program admits at level 2.1 (IOP) only, not "
                        + request.levelOfCare().value());
            }
            Assessment latest = Assessment.<Assessment>find("patientId = ?1 order by completedAt desc", patient.id)
                    .firstResultOptional().orElseThrow(() -> ProblemException.conflict(
                            "The patient has no completed assessment; assess before admitting"));
            if (latest.finalLevel != request.levelOfCare()) {
                throw ProblemException.conflict("The latest assessment's final level is " + latest.finalLevel.value()
                        + ", not " + request.levelOfCare().value(), "assessmentId", latest.id);
            }
            if (patient.status == Patient.Status.ACTIVE) {
                throw ProblemException.conflict("The patient is already admitted");
            }
            if (request.coverageId() != null) {
                clinicScope.require(Coverage.class, request.coverageId());
            }
            Referral referral = referralOf(request.referralId(), patient);
            if (referral != null) {
                referral.moveTo(ReferralStatus.ADMITTED);
            }
            WaitlistEntry.<WaitlistEntry>list("patientId = ?1 and status in ?2", patient.id,
                    List.of(WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED))
                    .forEach(w -> w.status = WaitlistEntry.Status.ADMITTED);
            Admission a = new Admission();
            a.id = UUID.randomUUID();
            a.clinicId = patient.clinicId;
            a.patientId = patient.id;
            a.referralId = request.referralId();
            a.trackCode = request.trackCode();
            a.levelOfCare = request.levelOfCare();
            a.admissionDate = request.admissionDate();
            a.primaryCounselorId = request.primaryCounselorId();
            a.coverageId = request.coverageId();
            a.createdAt = Instant.now();
            a.persistAndFlush();
            patient.status = Patient.Status.ACTIVE;
            outbox.publish(new PatientAdmitted(a.id, a.trackCode, a.levelOfCare, a.admissionDate, a.primaryCounselorId),
                    patient.id, patient.clinicId);
            audit.record(AuditLog.Entry.success(AuditAction.CREATE, "Admission", a.id, patient.id, patient.clinicId));
            return Response.status(Response.Status.CREATED).entity(AdmissionView.of(a)).tag(ETags.of(a.version)).build();
        });
    }

    @POST
    @Path("waitlist")
    @Transactional
    @Operation(summary = "Put a patient on a track's waitlist", description = "Accepts Idempotency-Key.")
    public Response waitlist(@NotNull @Valid WaitlistRequest request,
                             @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return idempotency.create(idempotencyKey, request, () -> {
            Patient patient = clinicScope.require(Patient.class, request.patientId(), LockModeType.PESSIMISTIC_WRITE);
            if (WaitlistEntry.count("patientId = ?1 and trackCode = ?2 and status in ?3", patient.id, request.trackCode(),
                    List.of(WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED)) > 0) {
                throw ProblemException.conflict("The patient is already on this track's waitlist");
            }
            Referral referral = referralOf(request.referralId(), patient);
            if (referral != null) {
                referral.moveTo(ReferralStatus.WAITLISTED);
            }
            WaitlistEntry w = new WaitlistEntry();
            w.id = UUID.randomUUID();
            w.clinicId = patient.clinicId;
            w.patientId = patient.id;
            w.referralId = request.referralId();
            w.trackCode = request.trackCode();
            w.addedAt = Instant.now();
            w.expectedStart = request.expectedStart();
            w.status = WaitlistEntry.Status.WAITING;
            w.persistAndFlush();
            patient.status = Patient.Status.WAITLISTED;
            int position = position(w);
            outbox.publish(new PatientWaitlisted(w.id, w.trackCode, position, w.addedAt, w.expectedStart), patient.id,
                    patient.clinicId);
            audit.record(AuditLog.Entry.success(AuditAction.CREATE, "WaitlistEntry", w.id, patient.id, patient.clinicId));
            return Response.status(Response.Status.CREATED).entity(view(w, position)).tag(ETags.of(w.version)).build();
        });
    }

    @GET
    @Path("waitlist/{trackCode}")
    @Transactional
    @Operation(summary = "A track's waitlist in order, with positions")
    public List<WaitlistView> queue(@PathParam("trackCode") @Pattern(regexp = TRACK) String trackCode) {
        UUID clinic = caller.requireClinicId();
        List<WaitlistEntry> entries = WaitlistEntry.list("clinicId = ?1 and trackCode = ?2 and status in ?3 "
                + "order by addedAt, id", clinic, trackCode, List.of(WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED));
        audit.recordAll(entries.stream()
                .map(w -> AuditLog.Entry.success(AuditAction.READ, "WaitlistEntry", w.id, w.patientId, clinic)).toList());
        int[] position = {0};
        return entries.stream().map(w -> view(w, ++position[0])).toList();
    }

    @POST
    @Path("waitlist/{trackCode}/offers")
    @Transactional
    @Operation(summary = "A place freed up: offer it to the next person waiting",
            description = "404 when nobody is waiting.")
    public Response offerNext(@PathParam("trackCode") @Pattern(regexp = TRACK) String trackCode) {
        UUID clinic = caller.requireClinicId();
        WaitlistEntry next = WaitlistEntry.<WaitlistEntry>find("clinicId = ?1 and trackCode = ?2 and status = ?3 "
                        + "order by addedAt, id", clinic, trackCode, WaitlistEntry.Status.WAITING)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .orElseThrow(() -> ProblemException.notFound("Waitlist entry for track", trackCode));
        next.status = WaitlistEntry.Status.OFFERED;
        next.offeredAt = Instant.now();
        next.persistAndFlush();
        audit.record(AuditLog.Entry.success(AuditAction.UPDATE, "WaitlistEntry", next.id, next.patientId, clinic));
        return Response.ok(view(next, position(next))).tag(ETags.of(next.version)).build();
    }

    @POST
    @Path("waitlist/entries/{id}/decline")
    @Transactional
    @Operation(summary = "Take a patient off the waitlist with a coded reason")
    public Response decline(@PathParam("id") UUID id, @NotNull @Valid Decline decline) {
        WaitlistEntry w = clinicScope.require(WaitlistEntry.class, id);
        if (w.status != WaitlistEntry.Status.WAITING && w.status != WaitlistEntry.Status.OFFERED) {
            throw ProblemException.illegalTransition("WaitlistEntry", w.status, WaitlistEntry.Status.DECLINED);
        }
        w.status = WaitlistEntry.Status.DECLINED;
        w.persistAndFlush();
        audit.record(AuditLog.Entry.success(AuditAction.UPDATE, "WaitlistEntry", w.id, w.patientId, w.clinicId));
        return Response.ok(view(w, null)).tag(ETags.of(w.version)).build();
    }

    private Referral referralOf(UUID referralId, Patient patient) {
        if (referralId == null) {
            return null;
        }
        Referral referral = clinicScope.require(Referral.class, referralId);
        if (!referral.patientId.equals(patient.id)) {
            throw ProblemException.invalid("referralId", "belongs to another patient");
        }
        return referral;
    }

    private static int position(WaitlistEntry w) {
        return (int) WaitlistEntry.count("clinicId = ?1 and trackCode = ?2 and status in ?3 and "
                        + "(addedAt < ?4 or (addedAt = ?4 and id <= ?5))", w.clinicId, w.trackCode,
                List.of(WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED), w.addedAt, w.id);
    }

    private static WaitlistView view(WaitlistEntry w, Integer position) {
        return new WaitlistView(w.id, w.patientId, w.referralId, w.trackCode, position, w.addedAt, w.expectedStart,
                w.status, w.offeredAt, w.version);
    }
}
