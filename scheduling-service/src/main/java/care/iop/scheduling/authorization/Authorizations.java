package care.iop.scheduling.authorization;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Payer authorisations against what is booked. A unit is a program day (per diem, as with H0015 and S9480): each
 * local date with at least one session the patient holds a place in and has not missed uses one.
 */
@ApplicationScoped
public class Authorizations {

    public record Usage(UUID coverageId, LocalDate authorizedFrom, LocalDate authorizedTo, int authorizedUnits,
                        long usedUnits) {
    }

    @Inject
    EntityManager em;

    public List<Usage> all(UUID patientId, UUID clinicId) {
        return PayerAuthorization.<PayerAuthorization>list("patientId = ?1 and clinicId = ?2 order by authorizedFrom",
                patientId, clinicId).stream().map(this::usage).toList();
    }

    /** The authorisations covering a date, with their usage. */
    public List<Usage> covering(UUID patientId, UUID clinicId, LocalDate date) {
        return PayerAuthorization.<PayerAuthorization>list("patientId = ?1 and clinicId = ?2 and authorizedFrom <= ?3 "
                + "and authorizedTo >= ?3", patientId, clinicId, date).stream().map(this::usage).toList();
    }

    private Usage usage(PayerAuthorization a) {
        long days = ((Number) em.createNativeQuery("""
                select count(distinct s.local_date) from booking b join session s on s.id = b.session_id
                where b.patient_id = :patient and b.clinic_id = :clinic
                  and b.status in ('BOOKED', 'CHECKED_IN', 'FULFILLED')
                  and s.local_date between :from and :to""")
                .setParameter("patient", a.patientId).setParameter("clinic", a.clinicId)
                .setParameter("from", a.authorizedFrom).setParameter("to", a.authorizedTo).getSingleResult())
                .longValue();
        return new Usage(a.coverageId, a.authorizedFrom, a.authorizedTo, a.authorizedUnits, days);
    }
}
