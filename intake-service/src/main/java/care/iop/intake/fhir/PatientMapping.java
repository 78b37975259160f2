package care.iop.intake.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import care.iop.common.fhir.Part2Labels;
import care.iop.intake.patient.PatientApi;
import care.iop.intake.patient.PatientApi.PatientRequest;
import care.iop.intake.patient.PatientApi.PatientView;
import care.iop.intake.patient.PatientApi.SexAtBirth;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Our patient record as a US Core Patient and back. The MRN is an identifier of type MR under the platform's MRN
 * system; the EHRs' identifiers are kept as they sent them. Sex at birth is the US Core birth-sex extension; the
 * administrative gender the profile requires is derived from it (female, male, other for intersex, else unknown),
 * because the record keeps no separate administrative gender.
 */
final class PatientMapping {

    static final String PROFILE = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient";
    static final String MRN_SYSTEM = "urn:iop:mrn";
    static final String BIRTH_SEX = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex";
    private static final String IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203";
    private static final String LANGUAGE = "urn:ietf:bcp:47";

    private PatientMapping() {
    }

    static Patient toFhir(PatientView v) {
        Patient p = new Patient();
        p.setId(new IdType("Patient", v.id().toString(), Long.toString(v.version())));
        p.getMeta().setVersionId(Long.toString(v.version())).addProfile(PROFILE);
        Part2Labels.label(p);
        p.setActive(true);
        if (v.mrn() != null) {
            p.addIdentifier().setUse(Identifier.IdentifierUse.USUAL).setSystem(MRN_SYSTEM).setValue(v.mrn())
                    .setType(new CodeableConcept(new Coding(IDENTIFIER_TYPE, "MR", "Medical record number")));
        }
        for (PatientApi.Identifier i : v.identifiers() == null ? List.<PatientApi.Identifier>of() : v.identifiers()) {
            p.addIdentifier().setSystem(i.system()).setValue(i.value());
        }
        p.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily(v.legalName().family())
                .addGiven(v.legalName().given());
        if (v.preferredName() != null) {
            p.addName().setUse(HumanName.NameUse.USUAL).setText(v.preferredName());
        }
        p.setBirthDateElement(new DateType(v.birthDate().toString()));
        p.setGender(gender(v.sexAtBirth()));
        if (v.sexAtBirth() != null) {
            p.addExtension(new Extension(BIRTH_SEX, new CodeType(birthSexCode(v.sexAtBirth()))));
        }
        if (v.contact() != null) {
            if (v.contact().phone() != null) {
                p.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(v.contact().phone());
            }
            if (v.contact().email() != null) {
                p.addTelecom().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue(v.contact().email());
            }
            if (v.contact().address() != null) {
                PatientApi.Address a = v.contact().address();
                Address address = p.addAddress().setCity(a.city()).setState(a.region()).setPostalCode(a.postalCode());
                if (a.line() != null) {
                    address.addLine(a.line());
                }
            }
        }
        if (v.preferredLanguage() != null) {
            p.addCommunication().setPreferred(true).setLanguage(
                    new CodeableConcept(new Coding(LANGUAGE, v.preferredLanguage(), null)));
        }
        return p;
    }

    /** What an EHR sends, as the upsert's request; what our record cannot hold is refused, not dropped (422). */
    static PatientRequest toRequest(Patient p) {
        HumanName official = p.getName().stream()
                .filter(n -> n.getUse() == null || n.getUse() == HumanName.NameUse.OFFICIAL)
                .findFirst().orElseThrow(() -> new UnprocessableEntityException("Patient.name: an official name "
                        + "with family and given is required"));
        if (!official.hasFamily() || !official.hasGiven()) {
            throw new UnprocessableEntityException("Patient.name: family and given are required");
        }
        if (!p.hasBirthDate()) {
            throw new UnprocessableEntityException("Patient.birthDate is required");
        }
        if (p.getBirthDateElement().getPrecision() != TemporalPrecisionEnum.DAY) {
            // A year or year-month is valid FHIR, but the record (and duplicate detection) needs the day.
            throw new UnprocessableEntityException("Patient.birthDate: a full date (year, month and day) is required");
        }
        String preferred = p.getName().stream().filter(n -> n.getUse() == HumanName.NameUse.USUAL)
                .map(n -> n.hasText() ? n.getText() : n.getGivenAsSingleString()).findFirst().orElse(null);
        String phone = p.getTelecom().stream().filter(t -> t.getSystem() == ContactPoint.ContactPointSystem.PHONE)
                .map(ContactPoint::getValue).findFirst().orElse(null);
        String email = p.getTelecom().stream().filter(t -> t.getSystem() == ContactPoint.ContactPointSystem.EMAIL)
                .map(ContactPoint::getValue).findFirst().orElse(null);
        PatientApi.Address address = p.getAddress().stream().findFirst()
                .map(a -> new PatientApi.Address(a.getLine().isEmpty() ? null : a.getLine().get(0).getValue(),
                        a.getCity(), a.getState(), a.getPostalCode())).orElse(null);
        PatientApi.Contact contact = phone == null && email == null && address == null ? null
                : new PatientApi.Contact(phone, email, address);
        String language = p.getCommunication().stream()
                .flatMap(c -> c.getLanguage().getCoding().stream())
                .filter(c -> LANGUAGE.equals(c.getSystem())).map(Coding::getCode).findFirst().orElse(null);
        List<PatientApi.Identifier> identifiers = new ArrayList<>();
        for (Identifier i : p.getIdentifier()) {
            if (MRN_SYSTEM.equals(i.getSystem())) {
                continue; // ours: assigned by the clinic, never taken from outside
            }
            if (!i.hasSystem() || !i.hasValue()) {
                throw new UnprocessableEntityException("Patient.identifier: system and value are required");
            }
            identifiers.add(new PatientApi.Identifier(i.getSystem(), i.getValue()));
        }
        return new PatientRequest(new PatientApi.Name(official.getGivenAsSingleString(), official.getFamily()),
                preferred, null, LocalDate.parse(p.getBirthDateElement().getValueAsString().substring(0, 10)), sexAtBirth(p), null, language, contact, null,
                identifiers);
    }

    /**
     * The Patient element a property of the REST patient request comes from, for naming it in a 422 (null: none
     * in particular).
     */
    static String element(String propertyPath) {
        if (propertyPath.startsWith("legalName") || propertyPath.startsWith("preferredName")) {
            return "Patient.name";
        }
        if (propertyPath.startsWith("birthDate")) {
            return "Patient.birthDate";
        }
        if (propertyPath.startsWith("contact.address")) {
            return "Patient.address";
        }
        if (propertyPath.startsWith("contact")) {
            return "Patient.telecom";
        }
        if (propertyPath.startsWith("preferredLanguage")) {
            return "Patient.communication.language";
        }
        if (propertyPath.startsWith("identifiers")) {
            return "Patient.identifier";
        }
        return null;
    }

    /** The day a date search parameter names (precision below a day is refused). */
    static LocalDate localDate(ca.uhn.fhir.rest.param.DateParam date) {
        String text = date.getValueAsString();
        if (text == null || text.length() < 10) {
            throw new ca.uhn.fhir.rest.server.exceptions.InvalidRequestException("birthdate must be a full date");
        }
        return LocalDate.parse(text.substring(0, 10));
    }

    private static AdministrativeGender gender(SexAtBirth sex) {
        if (sex == null) {
            return AdministrativeGender.UNKNOWN;
        }
        return switch (sex) {
            case FEMALE -> AdministrativeGender.FEMALE;
            case MALE -> AdministrativeGender.MALE;
            case INTERSEX -> AdministrativeGender.OTHER;
            case UNKNOWN -> AdministrativeGender.UNKNOWN;
        };
    }

    private static String birthSexCode(SexAtBirth sex) {
        return switch (sex) {
            case FEMALE -> "F";
            case MALE -> "M";
            case INTERSEX, UNKNOWN -> "UNK";
        };
    }

    private static SexAtBirth sexAtBirth(Patient p) {
        Extension birthSex = p.getExtensionByUrl(BIRTH_SEX);
        if (birthSex != null && birthSex.getValue() instanceof CodeType code) {
            return switch (code.getValue()) {
                case "F" -> SexAtBirth.FEMALE;
                case "M" -> SexAtBirth.MALE;
                case "UNK" -> SexAtBirth.UNKNOWN;
                default -> throw new UnprocessableEntityException("Patient.extension(us-core-birthsex): F, M or UNK");
            };
        }
        return null;
    }
}
