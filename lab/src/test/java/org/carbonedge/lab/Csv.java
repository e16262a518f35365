package org.carbonedge.lab;

import java.util.ArrayList;
import java.util.List;

/** A strict RFC 4180 line splitter for checking CSV output (quoted cells, doubled quotes) */
public final class Csv {

    private Csv() {
    }

    public static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && cell.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (c == '"') {
                throw new IllegalArgumentException("stray quote in " + line);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote in " + line);
        }
        cells.add(cell.toString());
        return cells;
    }
}
