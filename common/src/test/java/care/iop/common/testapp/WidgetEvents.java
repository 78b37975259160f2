package care.iop.common.testapp;

import care.iop.events.CloudEvent;
import care.iop.events.intake.ScreeningCompleted;
import care.iop.events.intake.ScreeningInstrument;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The test app borrows a catalogue type (screening.completed on iop.intake.v1) for its widget events, since
 * the catalogue is closed; the widget code's number travels as the total. Total 27 makes the test consumer fail.
 */
public final class WidgetEvents {

    public static final Class<ScreeningCompleted> DATA_CLASS = ScreeningCompleted.class;
    private static final int FAILING_TOTAL = 27;

    private WidgetEvents() {
    }

    static ScreeningCompleted created(Widget w) {
        return numbered(w.id, Integer.parseInt(w.code.substring(4)) % 28);
    }

    public static ScreeningCompleted numbered(UUID id, int number) {
        return new ScreeningCompleted(id, ScreeningInstrument.PHQ_9, null, number, "minimal", List.of(), null,
                Instant.now());
    }

    static boolean isFailing(ScreeningCompleted data) {
        return data.total() == FAILING_TOTAL;
    }

    static int number(ScreeningCompleted data) {
        return data.total();
    }

    public static int number(CloudEvent event) {
        return event.data().get("total").asInt();
    }
}
