package care.iop.aftercare.plan;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** A relapse-prevention plan as a plain, printable HTML page. Everything written into it is escaped. */
final class PrintablePlan {

    private PrintablePlan() {
    }

    static String html(RelapsePreventionPlan p) {
        PlanContent c = p.content;
        StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>My relapse-prevention plan</title><style>body{font-family:sans-serif;max-width:40em;")
                .append("margin:2em auto}h2{border-bottom:1px solid #999}</style></head><body>\n")
                .append("<h1>My relapse-prevention plan</h1>\n<p>Version ").append(p.planVersion).append(", ")
                .append(DateTimeFormatter.ISO_LOCAL_DATE.format(p.createdAt.atOffset(ZoneOffset.UTC)))
                .append("</p>\n");
        list(out, "My triggers", c.triggers());
        list(out, "Warning signs", c.warningSigns());
        list(out, "What I can do", c.copingStrategies());
        contacts(out, "People I can call", c.peopleToCall());
        out.append("<h2>If I am in crisis</h2>\n<p>").append(escape(c.crisisPlan())).append("</p>\n");
        contacts(out, "People who help me stay accountable", c.accountabilityPartners());
        out.append("<p>In an emergency call 911. The 988 Suicide &amp; Crisis Lifeline is open day and night: call or ")
                .append("text 988.</p>\n</body></html>\n");
        return out.toString();
    }

    private static void list(StringBuilder out, String title, List<String> items) {
        out.append("<h2>").append(title).append("</h2>\n<ul>\n");
        items.forEach(i -> out.append("<li>").append(escape(i)).append("</li>\n"));
        out.append("</ul>\n");
    }

    private static void contacts(StringBuilder out, String title, List<PlanContent.Contact> contacts) {
        if (contacts == null || contacts.isEmpty()) {
            return;
        }
        out.append("<h2>").append(title).append("</h2>\n<ul>\n");
        contacts.forEach(c -> out.append("<li>").append(escape(c.name()))
                .append(c.relationship() == null ? "" : " (" + escape(c.relationship()) + ")")
                .append(c.phone() == null ? "" : ": " + escape(c.phone())).append("</li>\n"));
        out.append("</ul>\n");
    }

    static String escape(String text) {
        StringBuilder s = new StringBuilder(text.length());
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&#39;");
                default -> s.append(ch);
            }
        }
        return s.toString();
    }
}
