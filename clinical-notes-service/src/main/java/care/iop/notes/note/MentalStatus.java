package care.iop.notes.note;

import jakarta.validation.constraints.Size;

/** Mental status examination, each domain a short clinical description. */
public record MentalStatus(@Size(max = 1000) String appearance, @Size(max = 1000) String behavior,
                           @Size(max = 1000) String speech, @Size(max = 1000) String mood,
                           @Size(max = 1000) String affect, @Size(max = 1000) String thoughtProcess,
                           @Size(max = 1000) String thoughtContent, @Size(max = 1000) String perception,
                           @Size(max = 1000) String cognition, @Size(max = 1000) String insight,
                           @Size(max = 1000) String judgment) {
}
