package care.iop.e2e.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Strings that fully match a schema's {@code pattern}, for the subset of regular expressions the API documents use:
 * literals, escapes ({@code \S \s \d \w \. \+ …}), character classes with ranges and negation, groups, alternation
 * and the quantifiers {@code ? * + {n} {n,m}}. Unbounded repetition is kept short.
 */
final class RegexGen {

    private static final String PRINTABLE = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_:/";

    private final String re;
    private int pos;

    private RegexGen(String re) {
        this.re = re;
    }

    static String generate(String regex, SplittableRandom random) {
        RegexGen parser = new RegexGen(regex);
        Node node = parser.alternation();
        if (parser.pos != regex.length()) {
            throw new IllegalArgumentException("unsupported pattern " + regex + " at " + parser.pos);
        }
        StringBuilder out = new StringBuilder();
        node.emit(random, out);
        return out.toString();
    }

    private interface Node {
        void emit(SplittableRandom random, StringBuilder out);
    }

    private Node alternation() {
        List<Node> options = new ArrayList<>();
        options.add(sequence());
        while (pos < re.length() && re.charAt(pos) == '|') {
            pos++;
            options.add(sequence());
        }
        return options.size() == 1 ? options.get(0) : (r, out) -> options.get(r.nextInt(options.size())).emit(r, out);
    }

    private Node sequence() {
        List<Node> items = new ArrayList<>();
        while (pos < re.length() && re.charAt(pos) != '|' && re.charAt(pos) != ')') {
            items.add(quantified(atom()));
        }
        return (r, out) -> items.forEach(n -> n.emit(r, out));
    }

    private Node quantified(Node atom) {
        if (pos >= re.length()) {
            return atom;
        }
        char c = re.charAt(pos);
        int min;
        int max;
        if (c == '?') {
            min = 0;
            max = 1;
            pos++;
        } else if (c == '*') {
            min = 0;
            max = 3;
            pos++;
        } else if (c == '+') {
            min = 1;
            max = 3;
            pos++;
        } else if (c == '{') {
            int close = re.indexOf('}', pos);
            String[] bounds = re.substring(pos + 1, close).split(",", -1);
            min = Integer.parseInt(bounds[0]);
            max = bounds.length == 1 ? min : bounds[1].isEmpty() ? min + 3 : Integer.parseInt(bounds[1]);
            pos = close + 1;
        } else {
            return atom;
        }
        int lo = min;
        int hi = Math.min(max, min + 12);
        return (r, out) -> {
            int n = lo + r.nextInt(hi - lo + 1);
            for (int i = 0; i < n; i++) {
                atom.emit(r, out);
            }
        };
    }

    private Node atom() {
        char c = re.charAt(pos++);
        switch (c) {
            case '(' -> {
                if (re.startsWith("?:", pos)) {
                    pos += 2;
                }
                Node inner = alternation();
                pos++; // ')'
                return inner;
            }
            case '[' -> {
                return charClass();
            }
            case '\\' -> {
                String set = escapeSet(re.charAt(pos++));
                return (r, out) -> out.append(set.charAt(r.nextInt(set.length())));
            }
            case '.' -> {
                return (r, out) -> out.append(PRINTABLE.charAt(r.nextInt(PRINTABLE.length())));
            }
            case '^', '$' -> {
                return (r, out) -> {
                };
            }
            default -> {
                return (r, out) -> out.append(c);
            }
        }
    }

    private Node charClass() {
        boolean negated = pos < re.length() && re.charAt(pos) == '^';
        if (negated) {
            pos++;
        }
        StringBuilder set = new StringBuilder();
        boolean first = true;
        while (re.charAt(pos) != ']' || first) {
            first = false;
            char c = re.charAt(pos++);
            if (c == '\\') {
                set.append(escapeSet(re.charAt(pos++)));
            } else if (pos + 1 < re.length() && re.charAt(pos) == '-' && re.charAt(pos + 1) != ']') {
                char to = re.charAt(pos + 1);
                pos += 2;
                for (char x = c; x <= to; x++) {
                    set.append(x);
                }
            } else {
                set.append(c);
            }
        }
        pos++; // ']'
        String chars;
        if (negated) {
            StringBuilder allowed = new StringBuilder();
            for (char x : PRINTABLE.toCharArray()) {
                if (set.indexOf(String.valueOf(x)) < 0) {
                    allowed.append(x);
                }
            }
            chars = allowed.toString();
        } else {
            chars = set.toString();
        }
        return (r, out) -> out.append(chars.charAt(r.nextInt(chars.length())));
    }

    private static String escapeSet(char e) {
        return switch (e) {
            case 'S' -> "abcdefghijklmnopqrstuvwxyz";
            case 's' -> " ";
            case 'd' -> "0123456789";
            case 'w' -> "abcdefghijklmnopqrstuvwxyz0123456789_";
            default -> String.valueOf(e);
        };
    }
}
