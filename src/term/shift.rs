//! Scrolling a band of rows with the terminal's own scroll region instead of
//! writing it again (what curses calls its scroll optimisation; ratatui has
//! none).
//!
//! Scrolling the help, the message log, a full-screen diff or the zoomed
//! preview by one line moves every row of it: ratatui writes them all again
//! (about 1,100 bytes a key at 80x24). The terminal can move them itself:
//! `ESC[top;bottom r`, `ESC[n S` (or `T`), `ESC[r` — 14 bytes — after which
//! only the rows that came into view and the cells that still differ are
//! written. [`find`] picks the band and the distance by comparing the frame
//! wanted with what the terminal shows, and only when that writes fewer
//! bytes; a band beside something that does not move (a pane beside the
//! preview) costs more to mend than it saves, and is not scrolled.

use ratatui::buffer::{Cell, CellDiffOption};
use std::hash::{DefaultHasher, Hash, Hasher};
use unicode_width::UnicodeWidthStr;

/// Rows `top..bottom` scrolled by `by` rows: up (the content moves to
/// smaller row numbers, blank rows come in at the bottom) or down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shift {
    pub top: u16,
    pub bottom: u16,
    pub by: u16,
    pub up: bool,
}

/// What a scroll costs to ask for: `ESC[tt;bbr ESC[nS ESC[r`.
const ASKING: usize = 16;

/// About what a run of cells to write costs besides its characters: a
/// cursor move and a colour.
const PER_RUN: usize = 10;

/// The scroll of one band that leaves the fewest bytes to write, when it
/// saves some: `shown` is what the terminal shows, `wanted` the frame
/// (`None` where not known: a column a wide character covers), both `width`
/// cells a row. Cells are compared by a key each, computed once (finding
/// and mending a scroll adds about 0.13 ms to a frame of 120x40, measured
/// with `cargo bench --bench keystroke`): the choice is an estimate, and what
/// is written after the scroll compares the cells themselves.
pub fn find(shown: &[Option<Cell>], wanted: &[Option<Cell>], width: usize) -> Option<Shift> {
    if width == 0 || shown.len() != wanted.len() {
        return None;
    }
    let height = wanted.len() / width;
    if height < 4 {
        return None;
    }
    let shows: Vec<u64> = shown[..height * width]
        .iter()
        .map(|c| c.as_ref().map_or(UNKNOWN_SHOWN, key))
        .collect();
    let wants: Vec<u64> = wanted[..height * width]
        .iter()
        .map(|c| match c {
            Some(c) if single(c) => key(c),
            _ => NOT_SINGLE,
        })
        .collect();
    let by = distance(&shows, &wants, width, height)?;
    let source = |r: usize| r.checked_add_signed(by).filter(|s| *s < height);
    // The band: the longest run of rows that look more like the row `by`
    // away than like the row they replace, and are one column a cell.
    let row = |r: usize| r * width..(r + 1) * width;
    let same = |w: usize, s: usize| {
        wants[row(w)]
            .iter()
            .zip(&shows[row(s)])
            .filter(|(a, b)| a == b)
            .count()
    };
    let (mut best, mut run) = (0..0, None::<usize>);
    for r in 0..=height {
        let takes = r < height
            && !wants[row(r)].contains(&NOT_SINGLE)
            && source(r).is_some_and(|s| same(r, s) > same(r, r));
        match (takes, run) {
            (true, None) => run = Some(r),
            (false, Some(start)) => {
                if r - start > best.len() {
                    best = start..r;
                }
                run = None;
            }
            _ => {}
        }
    }
    if best.len() < 2 {
        return None;
    }
    let n = by.unsigned_abs();
    let shift = if by > 0 {
        Shift {
            top: best.start as u16,
            bottom: (best.end + n) as u16,
            by: n as u16,
            up: true,
        }
    } else {
        Shift {
            top: (best.start - n) as u16,
            bottom: best.end as u16,
            by: n as u16,
            up: false,
        }
    };
    let region = shift.top as usize..shift.bottom as usize;
    if region.clone().any(|r| wants[row(r)].contains(&NOT_SINGLE)) {
        return None;
    }
    // What each row of the region shows after the scroll: the row it came
    // from, or a blank one.
    let blank = vec![key(&Cell::default()); width];
    let after = |r: usize| -> &[u64] {
        let from = if shift.up {
            Some(r + n).filter(|f| *f < region.end)
        } else {
            r.checked_sub(n).filter(|f| *f >= region.start)
        };
        from.map_or(&blank[..], |f| &shows[row(f)])
    };
    let before: usize = region
        .clone()
        .map(|r| cost(&shows[row(r)], &wants[row(r)]))
        .sum();
    let then: usize = region.clone().map(|r| cost(after(r), &wants[row(r)])).sum();
    (then + ASKING < before).then_some(shift)
}

/// What the terminal shows after `shift`: the rows moved, blank ones (in
/// the default colours, which the terminal has between frames) where
/// nothing moved in.
pub fn apply(shown: &mut [Option<Cell>], width: usize, shift: Shift) {
    let (top, bottom, by) = (
        shift.top as usize * width,
        shift.bottom as usize * width,
        shift.by as usize * width,
    );
    let band = &mut shown[top..bottom];
    let by = by.min(band.len());
    if shift.up {
        band.rotate_left(by);
        let n = band.len();
        band[n - by..].fill(Some(Cell::default()));
    } else {
        band.rotate_right(by);
        band[..by].fill(Some(Cell::default()));
    }
}

/// Keys no cell has: a cell of the terminal not known, one wanted that is
/// not known or not one column wide.
const UNKNOWN_SHOWN: u64 = u64::MAX;
const NOT_SINGLE: u64 = u64::MAX - 1;

/// A cell ratatui draws in one column and writes like any other.
fn single(c: &Cell) -> bool {
    c.diff_option == CellDiffOption::None && c.symbol().width() == 1
}

/// A cell as a number, alike for alike cells (FNV-1a over its symbol and
/// its style's debug-free parts); different cells may rarely share one,
/// which only makes an estimate wrong.
fn key(c: &Cell) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut mix = |b: u64| {
        h ^= b;
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    for b in c.symbol().bytes() {
        mix(u64::from(b));
    }
    let colour = |c: ratatui::style::Color| {
        let mut d = DefaultHasher::new();
        c.hash(&mut d);
        d.finish()
    };
    // Most cells are in the default colours: hashed cheaply.
    for col in [c.fg, c.bg, c.underline_color] {
        mix(match col {
            ratatui::style::Color::Reset => 0,
            ratatui::style::Color::Indexed(i) => 0x100 | u64::from(i),
            other => colour(other),
        });
    }
    mix(u64::from(c.modifier.bits()));
    // Never one of the markers.
    h.min(NOT_SINGLE - 1)
}

/// How far the content moved (positive: up), by the rows whose middle
/// half is found again that far away; `None` when fewer than two agree.
fn distance(shows: &[u64], wants: &[u64], width: usize, height: usize) -> Option<isize> {
    let middle = width / 4..width - width / 4;
    let blank = key(&Cell::default());
    let hash = |keys: &[u64]| -> Option<u64> {
        // A row with a cell not known, or blank in its middle (alike
        // everywhere), says nothing.
        if keys.iter().all(|k| *k == blank)
            || keys.contains(&UNKNOWN_SHOWN)
            || keys.contains(&NOT_SINGLE)
        {
            return None;
        }
        Some(keys.iter().fold(0u64, |h, k| h.rotate_left(5) ^ k))
    };
    let at = |r: usize| r * width + middle.start..r * width + middle.end;
    let wanted: Vec<Option<u64>> = (0..height).map(|r| hash(&wants[at(r)])).collect();
    let shown: Vec<Option<u64>> = (0..height).map(|r| hash(&shows[at(r)])).collect();
    let mut votes = vec![0usize; 2 * height];
    for (r, w) in wanted.iter().enumerate() {
        let Some(w) = w else { continue };
        for (s, v) in shown.iter().enumerate() {
            if s != r && v.as_ref() == Some(w) {
                votes[s + height - r] += 1;
            }
        }
    }
    let (i, n) = votes
        .iter()
        .enumerate()
        .max_by_key(|(i, n)| (**n, std::cmp::Reverse(i.abs_diff(height))))?;
    (*n >= 2).then_some(i as isize - height as isize)
}

/// Roughly the bytes that writing the `wanted` row over the `shown` one
/// takes: a byte a cell that differs, the cells between two that differ
/// when there are few (written again rather than moved over), and a move
/// and a colour for each run.
fn cost(shown: &[u64], wanted: &[u64]) -> usize {
    let mut total = 0;
    // Cells alike since the last that differs (`None`: none differs yet).
    let mut alike: Option<usize> = None;
    for (s, w) in shown.iter().zip(wanted) {
        if s == w {
            alike = alike.map(|n| n + 1);
            continue;
        }
        total += 1 + match alike {
            Some(n) if n < PER_RUN => n,
            _ => PER_RUN,
        };
        alike = Some(0);
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(lines: &[&str], width: usize) -> Vec<Cell> {
        lines
            .iter()
            .flat_map(|l| {
                let mut cells: Vec<Cell> = l.chars().map(Cell::from).collect();
                cells.resize(width, Cell::default());
                cells
            })
            .collect()
    }

    fn known(cells: &[Cell]) -> Vec<Option<Cell>> {
        cells.iter().cloned().map(Some).collect()
    }

    #[test]
    fn a_list_moved_one_line_up_is_scrolled_and_a_pane_beside_a_moving_one_is_not() {
        let lines: Vec<String> = (0..10)
            .map(|i| format!("| line {i} of the help text |"))
            .collect();
        let l: Vec<&str> = lines.iter().map(String::as_str).collect();
        let w = 30;
        let before = rows(&l[0..8], w);
        let after = rows(&l[1..9], w);
        let shift = find(&known(&before), &known(&after), w).expect("scrolled");
        assert_eq!(
            shift,
            Shift {
                top: 0,
                bottom: 8,
                by: 1,
                up: true
            }
        );
        let mut shown = known(&before);
        apply(&mut shown, w, shift);
        // All but the row that came into view are right already.
        let wrong = shown
            .chunks(w)
            .zip(after.chunks(w))
            .filter(|(s, a)| s.iter().zip(a.iter()).any(|(s, a)| s.as_ref() != Some(a)))
            .count();
        assert_eq!(wrong, 1);
        // Down by two (k twice, or PgUp).
        let down = find(
            &known(&after),
            &known(&rows(&["x", "y", l[1], l[2], l[3], l[4], l[5], l[6]], w)),
            w,
        )
        .expect("scrolled down");
        assert_eq!((down.up, down.by), (false, 2));

        // A form beside the moving text: mending the form costs more than
        // the scroll saves.
        let form: Vec<String> = (0..8)
            .map(|i| format!("field number {i} = {}", "abcdefgh".repeat(i % 3 + 1)))
            .collect();
        let side = |r: usize, text: &str| format!("{:<40}{text}", form[r]);
        let before: Vec<String> = (0..8)
            .map(|r| side(r, &format!("\"k{r}\": {r},")))
            .collect();
        let after: Vec<String> = (0..8)
            .map(|r| {
                side(
                    r,
                    &format!("\"k{}\": {},", r.saturating_sub(1), r.saturating_sub(1)),
                )
            })
            .collect();
        let b: Vec<&str> = before.iter().map(String::as_str).collect();
        let a: Vec<&str> = after.iter().map(String::as_str).collect();
        assert_eq!(find(&known(&rows(&b, 60)), &known(&rows(&a, 60)), 60), None);
        // Nothing moved: nothing to scroll.
        assert_eq!(find(&known(&rows(&b, 60)), &known(&rows(&b, 60)), 60), None);
    }
}
