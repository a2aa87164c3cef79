package dev.bosun.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a SQL file into statements the way PostgreSQL reads them: semicolons inside strings,
 * quoted identifiers, dollar-quoted bodies, comments and {@code BEGIN ATOMIC ... END} bodies do not
 * end a statement. Each statement keeps its line, and a "code" form with comments removed and
 * literals emptied, which the lint and the detectors read.
 */
public final class SqlScript {

  /**
   * One statement.
   *
   * @param text the statement exactly as in the file (from its first token, without the closing
   *     semicolon), as sent
   * @param code upper-cased, comments dropped, string and dollar-quoted contents emptied,
   *     whitespace collapsed
   * @param line the 1-based line of the statement's first token
   */
  public record Statement(String text, String code, int line) {

    /**
     * The file line of a 1-based character position inside {@link #text}, as PostgreSQL reports
     * error positions.
     */
    public int lineOf(int position) {
      int l = line;
      for (int i = 0; i < Math.min(position - 1, text.length()); i++) {
        if (text.charAt(i) == '\n') {
          l++;
        }
      }
      return l;
    }
  }

  private SqlScript() {}

  public static List<Statement> parse(String sql) {
    List<Statement> out = new ArrayList<>();
    int n = sql.length();
    int start = -1;
    int line = 1;
    int startLine = 1;
    int atomicDepth = 0;
    String prevWord = "";
    StringBuilder code = new StringBuilder();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      char next = i + 1 < n ? sql.charAt(i + 1) : '\0';
      if (c == '-' && next == '-') {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? n : end;
        code.append(' ');
        continue;
      }
      if (c == '/' && next == '*') {
        int depth = 1;
        i += 2;
        while (i < n && depth > 0) {
          if (sql.startsWith("/*", i)) {
            depth++;
            i += 2;
          } else if (sql.startsWith("*/", i)) {
            depth--;
            i += 2;
          } else {
            if (sql.charAt(i) == '\n') {
              line++;
            }
            i++;
          }
        }
        code.append(' ');
        continue;
      }
      if (c == '\n') {
        line++;
        code.append(' ');
        i++;
        continue;
      }
      if (Character.isWhitespace(c)) {
        code.append(' ');
        i++;
        continue;
      }
      if (start < 0) {
        start = i;
        startLine = line;
      }
      if (c == ';' && atomicDepth == 0) {
        add(out, sql.substring(start, i), code, startLine);
        start = -1;
        prevWord = "";
        code.setLength(0);
        i++;
        continue;
      }
      if (c == '\'') {
        boolean escapes =
            i > 0
                && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
                && (i < 2 || !Character.isLetterOrDigit(sql.charAt(i - 2)));
        i++;
        while (i < n) {
          char s = sql.charAt(i);
          if (s == '\n') {
            line++;
          }
          if (escapes && s == '\\') {
            i += 2;
            continue;
          }
          if (s == '\'') {
            if (i + 1 < n && sql.charAt(i + 1) == '\'') {
              i += 2;
              continue;
            }
            break;
          }
          i++;
        }
        i++;
        code.append("''");
        continue;
      }
      if (c == '"') {
        int end = i + 1;
        while (end < n) {
          if (sql.charAt(end) == '"') {
            if (end + 1 < n && sql.charAt(end + 1) == '"') {
              end += 2;
              continue;
            }
            break;
          }
          end++;
        }
        String ident = sql.substring(i, Math.min(end + 1, n));
        line += count(ident, '\n');
        code.append(ident);
        i = end + 1;
        continue;
      }
      if (c == '$') {
        String tag = dollarTag(sql, i);
        if (tag != null) {
          int close = sql.indexOf(tag, i + tag.length());
          int end = close < 0 ? n : close + tag.length();
          line += count(sql.substring(i, end), '\n');
          code.append("$$");
          i = end;
          continue;
        }
      }
      if (Character.isLetter(c) || c == '_') {
        int end = i;
        while (end < n
            && (Character.isLetterOrDigit(sql.charAt(end))
                || sql.charAt(end) == '_'
                || sql.charAt(end) == '$')) {
          end++;
        }
        String word = sql.substring(i, end).toUpperCase(Locale.ROOT);
        if (word.equals("ATOMIC") && prevWord.equals("BEGIN")) {
          atomicDepth++;
        } else if (atomicDepth > 0 && word.equals("CASE")) {
          atomicDepth++;
        } else if (atomicDepth > 0 && word.equals("END")) {
          atomicDepth--;
        }
        prevWord = word;
        code.append(word);
        i = end;
        continue;
      }
      code.append(c);
      i++;
    }
    if (start >= 0) {
      add(out, sql.substring(start).stripTrailing(), code, startLine);
    }
    return out;
  }

  private static void add(List<Statement> out, String text, StringBuilder code, int line) {
    String c = code.toString().trim().replaceAll("\\s+", " ");
    if (!c.isEmpty()) {
      out.add(new Statement(text, c, line));
    }
  }

  /**
   * {@code $$} or {@code $tag$} at {@code i}, or null when the dollar is a parameter ({@code $1})
   * or part of a word.
   */
  static String dollarTag(String sql, int i) {
    if (i > 0 && (Character.isLetterOrDigit(sql.charAt(i - 1)) || sql.charAt(i - 1) == '_')) {
      return null;
    }
    int j = i + 1;
    while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
      if (j == i + 1 && Character.isDigit(sql.charAt(j))) {
        return null;
      }
      j++;
    }
    if (j < sql.length() && sql.charAt(j) == '$') {
      return sql.substring(i, j + 1);
    }
    return null;
  }

  private static int count(String s, char c) {
    int k = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        k++;
      }
    }
    return k;
  }
}
