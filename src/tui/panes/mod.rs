//! The panes of the editor, each a pure function of the app state.

pub mod fields;
pub mod files;
pub mod overlay;
pub mod preview;
pub mod problems;
pub mod status;

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders};

/// A pane's frame: the focused one is drawn thick, with its title reversed.
pub fn frame<'a>(title: Line<'a>, focused: bool, theme: crate::tui::theme::Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(theme.border(focused))
        .title(title)
}

/// Cuts a string to `width` terminal columns, marking the cut with `…`.
pub fn fit(s: &str, width: usize) -> String {
    use unicode_truncate::UnicodeTruncateStr;
    use unicode_width::UnicodeWidthStr;
    // Columns, not characters: a CJK or emoji value counted by characters
    // ran past its room and lost its end at the pane's edge (issue 28).
    if s.width() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let (head, _) = s.unicode_truncate(width - 1);
    format!("{head}…")
}

/// `s` cut into rows of at most `width` characters (one empty row for an
/// empty line), nothing dropped.
pub fn wrap(s: &str, width: usize) -> Vec<&str> {
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut start = 0;
    let mut count = 0;
    for (i, _) in s.char_indices() {
        if count == width {
            rows.push(&s[start..i]);
            start = i;
            count = 0;
        }
        count += 1;
    }
    rows.push(&s[start..]);
    rows
}

/// `s` in rows of at most `width` characters, broken at spaces where it can
/// be (a word longer than a row is cut), nothing dropped.
pub fn wrap_words(s: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut row = String::new();
    for word in s.split(' ') {
        let (n, w) = (row.width(), word.width());
        if n > 0 && n + 1 + w > width {
            rows.push(std::mem::take(&mut row));
        }
        if !row.is_empty() {
            row.push(' ');
        }
        row.push_str(word);
        while row.width() > width {
            let rest = row.split_off(cut_at(&row, width));
            rows.push(std::mem::replace(&mut row, rest));
        }
    }
    rows.push(row);
    rows
}

/// The byte offset where `s` passes `width` columns (at least one
/// character in, so that cutting there always makes progress).
fn cut_at(s: &str, width: usize) -> usize {
    use unicode_width::UnicodeWidthChar;
    let mut used = 0;
    for (i, c) in s.char_indices() {
        used += c.width().unwrap_or(0);
        if used > width {
            return if i == 0 { c.len_utf8() } else { i };
        }
    }
    s.len()
}

/// `s` in rows of at most `width` characters, broken after a space, `/` or
/// `,` where it can be (a JSON path, a list, a sentence); a part longer than
/// a row is cut; nothing dropped but the spaces a row ends on.
pub fn wrap_breaking(s: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let width = width.max(1);
    let mut parts: Vec<&str> = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if matches!(c, ' ' | '/' | ',') {
            parts.push(&s[start..i + c.len_utf8()]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&s[start..]);
    let mut rows = Vec::new();
    let mut row = String::new();
    for part in parts {
        let n = row.width();
        if n > 0 && n + part.trim_end().width() > width {
            rows.push(std::mem::take(&mut row).trim_end().to_string());
        }
        row.push_str(part);
        while row.trim_end().width() > width {
            let rest = row.split_off(cut_at(&row, width));
            rows.push(std::mem::replace(&mut row, rest));
        }
    }
    rows.push(row.trim_end().to_string());
    rows
}

/// Where the rows of `s` start (character offsets, the first 0) when it is
/// wrapped at `width` columns: after the last space, `,` or `/` that leaves
/// the row at least half full, else where the next character would not fit.
/// Widths are the terminal's (a CJK character takes two columns). Nothing is
/// dropped or trimmed: the rows put together are `s` (the preview shows the
/// exact bytes).
pub fn row_starts(s: &str, width: usize) -> Vec<usize> {
    use unicode_width::UnicodeWidthChar;
    let width = width.max(1);
    let mut starts = vec![0];
    let (mut row, mut used) = (0, 0);
    // Just after the last space, `,` or `/` of the row, and the columns up
    // to there. No break point lies between the one taken and `i`.
    let mut soft: Option<(usize, usize)> = None;
    for (i, c) in s.chars().enumerate() {
        let w = c.width().unwrap_or(0);
        if used + w > width && i > row {
            match soft.filter(|&(_, cols)| cols * 2 >= width) {
                Some((at, cols)) => (row, used) = (at, used - cols),
                None => (row, used) = (i, 0),
            }
            starts.push(row);
            soft = None;
        }
        used += w;
        if matches!(c, ' ' | ',' | '/') {
            soft = Some((i + 1, used));
        }
    }
    starts
}

/// A title span in the pane's title style.
pub fn title_span(text: String, focused: bool, theme: crate::tui::theme::Theme) -> Span<'static> {
    Span::styled(text, theme.title(focused))
}

/// The first row to show so that `cursor` is visible in `height` rows.
pub fn scroll_for(cursor: usize, height: usize) -> usize {
    if height == 0 {
        0
    } else {
        cursor.saturating_sub(height - 1)
    }
}

pub fn inner(area: Rect) -> Rect {
    Block::default().borders(Borders::ALL).inner(area)
}

pub fn plain(s: impl Into<String>) -> Span<'static> {
    Span::styled(s.into(), Style::default())
}

/// A diff line cut to `width`, its continuation rows indented under the
/// text after its mark so the mark column stays readable.
pub fn wrap_marked(line: &str, width: usize) -> Vec<String> {
    let rows = wrap(line, width);
    if rows.len() <= 1 || width <= 8 {
        return rows.into_iter().map(str::to_string).collect();
    }
    let mut out = vec![rows[0].to_string()];
    let rest: String = line.chars().skip(width).collect();
    out.extend(
        wrap(&rest, width - 4)
            .into_iter()
            .map(|r| format!("  ↪ {r}")),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::{row_starts, wrap_breaking};

    proptest::proptest! {
        /// The one-pass break finder agrees with the plain rule: break after
        /// the row's last separator that leaves it half full, else at the width.
        #[test]
        fn row_starts_follow_the_rule(s in "[a-c ,/é]{0,60}", width in 1usize..20) {
            let chars: Vec<char> = s.chars().collect();
            let mut want = vec![0];
            let mut start = 0;
            while chars.len() - start > width {
                let soft = chars[start..start + width]
                    .iter()
                    .rposition(|c| matches!(c, ' ' | ',' | '/'))
                    .map(|i| i + 1)
                    .filter(|&n| n * 2 >= width);
                start += soft.unwrap_or(width);
                want.push(start);
            }
            proptest::prop_assert_eq!(row_starts(&s, width), want);
        }
    }

    #[test]
    fn rows_break_after_words_and_keep_every_character() {
        let line = r#"  "connection_name_prefix_template": "ec-{org_id}-{org_name}/x","#;
        let starts = row_starts(line, 24);
        let chars: Vec<char> = line.chars().collect();
        let rows: Vec<String> = starts
            .iter()
            .zip(starts.iter().skip(1).chain([&chars.len()]))
            .map(|(a, b)| chars[*a..*b].iter().collect())
            .collect();
        assert_eq!(
            rows,
            [
                r#"  "connection_name_prefi"#,
                r#"x_template": "#,
                r#""ec-{org_id}-{org_name}/"#,
                r#"x","#
            ]
            .map(str::to_string)
        );
        assert_eq!(rows.concat(), line);
        // A break too early in the row is not taken: cut at the width.
        assert_eq!(row_starts("a bcdefghijkl", 6), [0, 6, 12]);
        assert_eq!(row_starts("short", 10), [0]);
        // Two columns a character: four to a row of eight.
        assert_eq!(row_starts("日本語のテキストです", 8), [0, 4, 8]);
        assert_eq!(row_starts("ab日本", 3), [0, 2, 3]);
        assert_eq!(row_starts("", 10), [0]);
    }

    #[test]
    fn fit_counts_columns_not_characters() {
        use super::fit;
        use unicode_width::UnicodeWidthStr;
        let s = "\"Acme 🚀 株式会社\"";
        assert_eq!(s.width(), 18);
        assert_eq!(fit(s, 18), s);
        for w in 1..18 {
            let f = fit(s, w);
            assert!(f.width() <= w, "{w}: {f:?} is {} columns", f.width());
            assert!(f.ends_with('…'), "{f:?}");
        }
        assert_eq!(fit("abcdef", 4), "abc…");
    }

    #[test]
    fn wrap_breaking_breaks_after_separators_and_drops_nothing() {
        assert_eq!(
            wrap_breaking("password_options/complexity/min_length", 20),
            ["password_options/", "complexity/", "min_length"]
        );
        assert_eq!(
            wrap_breaking("good: 8+ chars, 3 of lower/upper/digit/special", 21),
            ["good: 8+ chars, 3 of", "lower/upper/digit/", "special"]
        );
        // A part longer than a row is cut, not lost.
        let rows = wrap_breaking("abcdefghij", 4);
        assert_eq!(rows, ["abcd", "efgh", "ij"]);
        assert_eq!(wrap_breaking("", 5), [""]);
        // Columns, not characters: a CJK character takes two.
        assert_eq!(
            wrap_breaking("日本語テキスト", 6),
            ["日本語", "テキス", "ト"]
        );
        assert_eq!(
            super::wrap_words("org 日本語テキスト", 6),
            ["org", "日本語", "テキス", "ト"]
        );
    }
}
