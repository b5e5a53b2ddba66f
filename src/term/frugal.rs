//! A ratatui backend that writes a frame's changes with fewer cursor moves.
//!
//! ratatui sends the backend only the cells that changed, and the crossterm
//! backend moves the cursor (`ESC[row;colH`, 6–8 bytes) before every cell that
//! does not follow the one before. A key typed into a field changes a few
//! cells here and there on a row (a count in a problem message, a character
//! and the quote after it): most of those moves skip two or three cells that
//! did not change. [`Frugal`] keeps a copy of what the terminal shows and
//! writes such short gaps again instead of moving over them, when that is
//! fewer bytes and needs no colour change. What the terminal shows is the
//! same either way (the gap is written with what it already shows); a test
//! draws random frames both ways into a terminal emulator and compares.
//!
//! It never trusts the terminal's cursor after a cluster terminals size
//! differently (a flag, a skin tone, a ZWJ sequence, an emoji with VS16, a
//! combining mark): the next cell is placed by a move, the cluster is drawn
//! on blanks over all its columns, and a row holding one is written whole,
//! as a full redraw would write it. A cell written over part of a wide
//! character on the screen brings the rest of it along, so neither a blank
//! nor an erase (ECH) ever cuts one.
//!
//! Long (about 1,420 lines, 840 of them tests): the backend is one piece (its
//! copy of the screen, the choice between moving and rewriting, and the
//! escape sequences it writes must agree cell for cell), and its tests
//! include a small terminal emulator, sizing clusters as terminals and tmux
//! do, to check that agreement.

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Cell, CellDiffOption};
use ratatui::layout::{Position, Size};
use ratatui::style::Modifier;

use crate::term::shift;
use unicode_width::UnicodeWidthStr;

/// Cells and where they go.
type Placed = Vec<(u16, u16, Cell)>;

pub struct Frugal<B: Backend> {
    inner: B,
    /// What each cell of the terminal shows, as far as this backend has
    /// drawn it; `None` where that is not known (after a partial clear).
    screen: Vec<Option<Cell>>,
    /// The frame as ratatui has drawn it so far (every cell it sent since
    /// the screen was cleared; `None` where a wide character covers a
    /// column, whose cell ratatui does not send); `None` after a partial
    /// clear.
    wanted: Option<Vec<Option<Cell>>>,
    width: u16,
    /// Whether a band that moved is scrolled by the terminal ([`shift`]).
    scrolls: bool,
    /// Whether the terminal may draw East Asian ambiguous characters (box
    /// drawing, `·`, `–`) two columns wide, as under a CJK locale.
    ambiguous_wide: bool,
}

impl<B: Backend + std::io::Write> Frugal<B>
where
    B::Error: From<std::io::Error>,
{
    /// A backend over `inner`, whose screen is blank (a new alternate
    /// screen, or one just cleared, as ratatui's first frame assumes too).
    pub fn new(inner: B) -> Frugal<B> {
        let size = inner.size().unwrap_or_default();
        Frugal::sized(inner, size)
    }

    /// The same, for a screen of `size` (when `inner` cannot tell).
    pub fn sized(inner: B, size: Size) -> Frugal<B> {
        let mut f = Frugal {
            inner,
            screen: Vec::new(),
            wanted: None,
            width: 0,
            scrolls: false,
            ambiguous_wide: true,
        };
        f.blank_at(size);
        f
    }

    /// Lets the terminal scroll a band of rows that moved (its scroll
    /// region), where it has one (see `output::scrolls`).
    pub fn scrolling(mut self, on: bool) -> Frugal<B> {
        self.scrolls = on;
        self
    }

    /// Whether the terminal may draw ambiguous characters two columns wide
    /// (see [`ambiguous_wide`]); until told, it may.
    pub fn ambiguous(mut self, wide: bool) -> Frugal<B> {
        self.ambiguous_wide = wide;
        self
    }

    fn narrow(&self, symbol: &str) -> bool {
        narrow(symbol, self.ambiguous_wide)
    }

    pub fn inner(&self) -> &B {
        &self.inner
    }

    fn blank(&mut self) {
        let size = self
            .inner
            .size()
            .unwrap_or(Size::new(self.width, self.height()));
        self.blank_at(size);
    }

    fn height(&self) -> u16 {
        (self.screen.len() / usize::from(self.width.max(1))) as u16
    }

    fn blank_at(&mut self, size: Size) {
        self.width = size.width;
        let cells = size.width as usize * size.height as usize;
        self.screen = vec![Some(Cell::default()); cells];
        self.wanted = Some(vec![Some(Cell::default()); cells]);
    }

    fn forget(&mut self) {
        self.screen.iter_mut().for_each(|c| *c = None);
        self.wanted = None;
    }

    /// The cells to write for ratatui's `changes`: the same, or, when a band
    /// of rows moved and the terminal has scrolled it ([`shift::find`]),
    /// the cells of that band that still differ and ratatui's changes
    /// elsewhere.
    fn scrolled(&mut self, changes: &[(u16, u16, &Cell)]) -> Result<Option<Placed>, B::Error> {
        let width = usize::from(self.width);
        let Some(wanted) = self.wanted.as_mut() else {
            return Ok(None);
        };
        // ratatui's frame larger than this backend's screen (a resize
        // between the two asking): nothing is known until the next clear.
        let height = wanted.len() / width.max(1);
        if changes
            .iter()
            .any(|(x, y, _)| usize::from(*x) >= width || usize::from(*y) >= height)
        {
            self.wanted = None;
            return Ok(None);
        }
        for (x, y, c) in changes {
            let i = usize::from(*y) * width + usize::from(*x);
            if let Some(slot) = wanted.get_mut(i) {
                *slot = Some((*c).clone());
            }
            // What ratatui holds under the rest of a wide character is not
            // sent, so not known.
            let covered = c
                .symbol()
                .width()
                .min(width.saturating_sub(usize::from(*x)));
            for slot in wanted
                .iter_mut()
                .skip(i + 1)
                .take(covered.saturating_sub(1))
            {
                *slot = None;
            }
        }
        // A key typed changes a few cells; a band that moved, rows of them.
        if !self.scrolls || changes.len() < width * 2 {
            return Ok(None);
        }
        let Some(shift) = shift::find(&self.screen, wanted, width) else {
            return Ok(None);
        };
        let rows = shift.top..shift.bottom;
        // Written with the frame, not flushed alone as ratatui's
        // `scroll_region_up` does: the terminal never shows the band moved
        // and not yet mended.
        write!(
            self.inner,
            "\x1b[{};{}r\x1b[{}{}\x1b[r",
            shift.top + 1,
            shift.bottom,
            shift.by,
            if shift.up { 'S' } else { 'T' }
        )?;
        shift::apply(&mut self.screen, width, shift);
        let mut out: Vec<(u16, u16, Cell)> = changes
            .iter()
            .filter(|(_, y, _)| !rows.contains(y))
            .map(|(x, y, c)| (*x, *y, (*c).clone()))
            .collect();
        for y in rows {
            for x in 0..self.width {
                // Every cell of the band is known (shift::find).
                let i = usize::from(y) * width + usize::from(x);
                if let Some(cell) = &wanted[i]
                    && self.screen[i].as_ref() != Some(cell)
                {
                    out.push((x, y, cell.clone()));
                }
            }
        }
        out.sort_by_key(|(x, y, _)| (*y, *x));
        Ok(Some(out))
    }

    fn at(&self, x: u16, y: u16) -> Option<&Cell> {
        if x >= self.width {
            return None;
        }
        self.screen
            .get(y as usize * self.width as usize + x as usize)?
            .as_ref()
    }

    fn slot(&mut self, x: u16, y: u16) -> Option<&mut Option<Cell>> {
        if x >= self.width {
            return None;
        }
        self.screen
            .get_mut(y as usize * self.width as usize + x as usize)
    }

    /// Notes what the terminal shows after `cell` is written at (x, y). A
    /// character not surely [`narrow`] may be two columns wide: the column after
    /// it is then not known; and one written beside such a character may have
    /// erased half of it.
    fn record(&mut self, x: u16, y: u16, cell: Cell) {
        let wide = !self.narrow(cell.symbol());
        if let Some(s) = self.slot(x, y) {
            *s = Some(cell);
        }
        if wide && let Some(s) = self.slot(x + 1, y) {
            *s = None;
        }
        let ambiguous_wide = self.ambiguous_wide;
        if let Some(before) = x.checked_sub(1).and_then(|b| self.slot(b, y))
            && before
                .as_ref()
                .is_some_and(|c| !narrow(c.symbol(), ambiguous_wide))
        {
            *before = None;
        }
    }

    /// The cells to write for `content` (ratatui's changes, in order): a
    /// row that holds a cluster terminals size differently, on the screen
    /// or in the frame, whole, as a full redraw writes it (what the terminal
    /// shows around such a cluster depends on what was written after it);
    /// elsewhere the changes, with the rest of every wide character on the
    /// screen they write over part of (an erase or a blank over its left
    /// half alone leaves its right half to the terminal); and never a cell
    /// under a wide one written before it (ratatui sends the blank under an
    /// emoji with VS16, which would wipe it once the cursor is moved there).
    fn whole(&self, content: Placed) -> Placed {
        let width = usize::from(self.width);
        let mut out: Placed = Vec::with_capacity(content.len());
        let mut rest = content.as_slice();
        while let Some((_, y, _)) = rest.first() {
            let y = *y;
            let n = rest.iter().take_while(|(_, r, _)| *r == y).count();
            let (changes, next) = rest.split_at(n);
            rest = next;
            let row = usize::from(y) * width..usize::from(y + 1) * width;
            let unsettled = |c: &Option<Cell>| c.as_ref().is_some_and(|c| !settled(c.symbol()));
            let frame = self.wanted.as_ref().and_then(|w| w.get(row.clone()));
            let screen = self.screen.get(row.clone()).unwrap_or_default();
            let mut cells: Placed = match frame {
                Some(frame) if frame.iter().chain(screen).any(unsettled) => frame
                    .iter()
                    .enumerate()
                    .filter_map(|(x, c)| Some((x as u16, y, c.clone()?)))
                    .collect(),
                _ => changes.to_vec(),
            };
            // The rest of a wide character on the screen that a cell is
            // written over (its left half, or its right): what ratatui holds
            // there, or where it has sent nothing since the character came
            // (it sends nothing under one), the blank its buffer holds.
            let wide = |x: usize| screen.get(x).cloned().flatten().map(|c| c.symbol().width());
            let sent =
                |cells: &Placed, i: usize| cells.iter().any(|(x, _, _)| usize::from(*x) == i);
            let mut more: Placed = Vec::new();
            for (x, _, cell) in &cells {
                let x = usize::from(*x);
                let end = x + cell.symbol().width().max(1);
                for lead in x.saturating_sub(1)..end {
                    let Some(w @ 2..) = wide(lead) else {
                        continue;
                    };
                    let outside = |i: &usize| !(x..end).contains(i) && !sent(&cells, *i);
                    for i in (lead..(lead + w).min(width)).filter(outside) {
                        let held = |i: usize| frame.and_then(|f| f.get(i)).cloned().flatten();
                        match held(i) {
                            Some(c) => more.push((i as u16, y, c)),
                            // Under a wide character of the frame: not shown.
                            None if i > 0
                                && held(i - 1).is_some_and(|c| c.symbol().width() > 1) => {}
                            None if frame.is_some() => more.push((i as u16, y, Cell::default())),
                            None => {}
                        }
                    }
                }
            }
            cells.extend(more);
            cells.sort_by_key(|(x, _, _)| *x);
            cells.dedup_by_key(|(x, _, _)| *x);
            let mut end = 0;
            cells.retain(|(x, _, c)| {
                let keep = *x >= end;
                if keep {
                    end = x + (c.symbol().width() as u16).max(1);
                }
                keep
            });
            out.extend(cells);
        }
        out
    }

    /// The cells from `from` up to `to` on row `y`, when writing them costs
    /// fewer bytes than a move to `to` and no colour or attribute change:
    /// each is known, one ASCII character, and styled like `before`.
    fn gap(&self, y: u16, from: u16, to: u16, before: &Cell) -> Option<Vec<(u16, u16, Cell)>> {
        // ESC [ row ; col H
        let moving = 4 + digits(y + 1) + digits(to + 1);
        if usize::from(to - from) >= moving {
            return None;
        }
        (from..to)
            .map(|x| {
                let c = self.at(x, y)?;
                // Bold with faint looks as whichever came last on terminals
                // with one intensity (the Linux console): not rewritten.
                let plain = matches!(c.symbol().as_bytes(), [b' '..=b'~'])
                    && !c.modifier.contains(Modifier::BOLD | Modifier::DIM);
                if !plain || c.diff_option != CellDiffOption::None {
                    return None;
                }
                if c.style() == before.style() {
                    return Some((x, y, c.clone()));
                }
                // A blank on another background needs a colour change.
                blank_as(c, before)
                    .filter(|c| c.bg == before.bg)
                    .map(|c| (x, y, c))
            })
            .collect()
    }
}

/// What shows on a blank cell: its background, and with reverse video,
/// underline or strike-through its foreground too.
const INK: Modifier = Modifier::REVERSED
    .union(Modifier::UNDERLINED)
    .union(Modifier::CROSSED_OUT);

/// A blank `cell` written in the foreground colour of `before`, the cell
/// written just before it, when it looks the same that way (a blank shows
/// its own background): the same attributes, none that shows a foreground. A
/// colour change costs 5–10 bytes; a blank after grey text, before a cyan
/// key, needs none. (The attributes stay: bold and faint together show
/// whichever came last on a terminal with one intensity.)
fn blank_as(cell: &Cell, before: &Cell) -> Option<Cell> {
    let blank =
        cell.symbol() == " " && cell.modifier == before.modifier && !cell.modifier.intersects(INK);
    blank.then(|| {
        let mut c = cell.clone();
        c.fg = before.fg;
        c.underline_color = before.underline_color;
        c
    })
}

/// Whether the terminal surely draws `symbol` one column wide, as ratatui
/// counts it. ASCII; where ambiguous characters may be wide (as under a CJK
/// locale), only the editor's own `↪`, `✓` and `✗` besides (unicode-width
/// counts ambiguous letters such as é, α or Ж narrow even then, and a
/// terminal set to draw them wide does not); elsewhere any character one
/// column wide but a pictograph some terminals draw as an emoji (the
/// Dingbats and Miscellaneous Symbols blocks, but for ✓ and ✗) and the
/// format characters glibc's `wcwidth` (tmux) counts as zero or nothing. A
/// cell after one needs no cursor move; a border `║` stays known.
fn narrow(symbol: &str, ambiguous_wide: bool) -> bool {
    use unicode_width::UnicodeWidthChar;
    let mut chars = symbol.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return false;
    };
    if c.is_ascii() || matches!(c, '↪' | '✓' | '✗') {
        return true;
    }
    let pictograph =
        matches!(c, '\u{2600}'..='\u{27bf}' | '\u{2b00}'..='\u{2bff}') || c >= '\u{1f000}';
    let format = matches!(
        c,
        '\u{2028}' | '\u{2029}' | '\u{2d7f}' | '\u{fff9}'..='\u{fffb}' | '\u{13430}'..='\u{13438}'
    );
    !ambiguous_wide && c.width() == Some(1) && !pictograph && !format
}

/// Whether every terminal draws `symbol` as ratatui counts it, given the
/// locale: one character, not a pictograph some draw as an emoji nor a
/// format character (ASCII, box drawing, CJK). A flag, a skin tone, a ZWJ
/// sequence, an emoji with VS16 or a letter with a combining mark are one,
/// two or more columns as the terminal (or tmux in between) sees them.
fn settled(symbol: &str) -> bool {
    use unicode_width::UnicodeWidthChar;
    let mut chars = symbol.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return false;
    };
    // A symbol of the dingbat blocks drawn as text by default (one column
    // in every wcwidth: ✎ ✓ ✗ ★) is settled; those drawn as emoji by
    // default are two columns in unicode-width and not. (Taking the whole
    // blocks rewrote the edited row, marked ✎, on every key: 181 bytes a
    // key where 41 were written.)
    let pictograph = c >= '\u{1f000}'
        || (matches!(c, '\u{2600}'..='\u{27bf}' | '\u{2b00}'..='\u{2bff}') && c.width() != Some(1));
    c.is_ascii()
        || matches!(c, '↪' | '✓' | '✗')
        || (!pictograph && c.width().is_some_and(|w| w > 0) && c.width() == Some(symbol.width()))
}

/// Whether this locale (`LC_ALL`, `LC_CTYPE` or `LANG`) is Chinese,
/// Japanese or Korean, under which terminals draw East Asian ambiguous
/// characters two columns wide (or are set to); elsewhere one.
pub fn ambiguous_wide(locale: Option<&str>) -> bool {
    locale.is_none_or(|l| ["ja", "ko", "zh"].iter().any(|p| l.starts_with(p)))
}

fn digits(n: u16) -> usize {
    n.to_string().len()
}

impl<B: Backend + std::io::Write> Backend for Frugal<B>
where
    B::Error: From<std::io::Error>,
{
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let changes: Vec<(u16, u16, &Cell)> = content.collect();
        let scrolled = self.scrolled(&changes)?;
        let content: Vec<(u16, u16, Cell)> = match scrolled {
            Some(cells) => cells,
            None => changes
                .iter()
                .map(|(x, y, c)| (*x, *y, (*c).clone()))
                .collect(),
        };
        let content = self.whole(content);
        let mut out: Vec<(u16, u16, Cell)> = Vec::new();
        // Where a new call to the inner backend starts: it moves the cursor
        // before its first cell, and ratatui's own backend does not after a
        // cell one column wide to ratatui, whatever the terminal made of it.
        let mut starts: Vec<usize> = vec![0];
        // Whether the terminal's cursor is surely where ratatui thinks: every
        // cell since the last cursor move is surely narrow (a gap written
        // after an ambiguous character the terminal draws wide lands on).
        let mut known = false;
        for (x, y, cell) in content {
            let follows = out
                .last()
                .is_some_and(|(px, py, _)| *py == y && x == px + 1);
            let mut filled = false;
            if !follows
                && known
                && let Some((px, py, prev)) = out.last()
                && *py == y
                && x > px + 1
                && let Some(fill) = self.gap(y, px + 1, x, prev)
            {
                out.extend(fill);
                filled = true;
            }
            if !follows && !filled {
                known = true;
            }
            let narrow = self.narrow(cell.symbol());
            let width = cell.symbol().width();
            // A cluster terminals size differently (an emoji, a flag) is
            // drawn on blanks over all its columns: where the terminal draws
            // it narrower, the column after it shows a blank, not what was
            // there before (both halves of the cell are written). ratatui's
            // backend moves the cursor back to it.
            let settled = settled(cell.symbol());
            if !settled && width > 1 {
                let mut blank = Cell::default();
                blank.bg = cell.bg;
                for i in 0..width as u16 {
                    out.push((x + i, y, blank.clone()));
                }
            }
            // ratatui's backend carries the rendition from one cell to the
            // next, whatever their places, starting from the default.
            let cell = match out.last() {
                Some((_, _, before)) if starts.last() != Some(&out.len()) => {
                    blank_as(&cell, before)
                }
                _ => blank_as(&cell, &Cell::default()),
            }
            .unwrap_or(cell);
            out.push((x, y, cell));
            // After such a cluster the next cell is placed by a move, not
            // where the terminal left the cursor (ratatui's backend moves
            // it before a cell that does not follow the one before; one that
            // does is drawn by another call, which moves first).
            if !settled && width < 2 {
                starts.push(out.len());
            }
            known &= narrow;
        }
        starts.push(out.len());
        starts.dedup();
        for pair in starts.windows(2) {
            let cells = &out[pair[0]..pair[1]];
            self.inner.draw(cells.iter().map(|(x, y, c)| (*x, *y, c)))?;
        }
        for (x, y, cell) in out {
            self.record(x, y, cell);
        }
        Ok(())
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.forget();
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()?;
        self.blank();
        Ok(())
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(clear_type)?;
        if clear_type == ClearType::All {
            self.blank();
        } else {
            self.forget();
        }
        Ok(())
    }

    fn scroll_region_up(
        &mut self,
        region: std::ops::Range<u16>,
        n: u16,
    ) -> Result<(), Self::Error> {
        self.forget();
        self.inner.scroll_region_up(region, n)
    }

    fn scroll_region_down(
        &mut self,
        region: std::ops::Range<u16>,
        n: u16,
    ) -> Result<(), Self::Error> {
        self.forget();
        self.inner.scroll_region_down(region, n)
    }

    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        Backend::flush(&mut self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::output::tests::Shared;
    use ratatui::backend::CrosstermBackend;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Style};
    use ratatui::{Terminal, TerminalOptions, Viewport};

    const W: u16 = 24;
    const H: u16 = 6;

    fn terminal<B: Backend>(b: B) -> Terminal<B> {
        Terminal::with_options(
            b,
            TerminalOptions {
                viewport: Viewport::Fixed(Rect::new(0, 0, W, H)),
            },
        )
        .unwrap()
    }

    /// A small deterministic generator (no randomness source needed).
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) % n
        }
    }

    /// Frames that change a few cells each, in `styles` and with a wide
    /// character now and then: what the gap rule has to get right.
    fn frame(rng: &mut Lcg, buf: &mut ratatui::buffer::Buffer, styles: &[Style]) {
        let texts = [
            "a",
            "bc",
            "x y",
            "─",
            "é",
            "日",
            "  ",
            "42",
            "         ",
            "↪ ",
            "✗",
            "日本",
            "語x",
        ];
        frame_of(rng, buf, styles, &texts);
    }

    /// Frames of `texts` changing a few cells each.
    fn frame_of(
        rng: &mut Lcg,
        buf: &mut ratatui::buffer::Buffer,
        styles: &[Style],
        texts: &[&str],
    ) {
        for _ in 0..rng.next(12) {
            let (x, y) = (rng.next(W as u64) as u16, rng.next(H as u64) as u16);
            let t = texts[rng.next(texts.len() as u64) as usize];
            let s = styles[rng.next(styles.len() as u64) as usize];
            buf.set_stringn(x, y, t, (W - x) as usize, s);
        }
        // Nothing left under a wide character, as in a frame drawn afresh
        // (ratatui never sends a cell there, and one that shows again once
        // the character is gone is not sent either, being unchanged: a
        // limit of its diff that no backend can mend).
        for y in 0..H {
            let mut x = 0;
            while x < W {
                let w = (buf[(x, y)].symbol().width() as u16).max(1);
                for i in x + 1..(x + w).min(W) {
                    buf[(i, y)].reset();
                }
                x += w;
            }
        }
    }

    fn parser() -> vt100::Parser {
        let n = |v: u16| std::num::NonZeroU16::new(v).unwrap();
        vt100::Parser::new(n(H), n(W), 0)
    }

    /// Where a screen looks different from every one of `a` (a space and a
    /// cell never written are alike), or its cursor from the first's.
    fn difference(a: &[&vt100::Parser], b: &vt100::Parser, cursor: bool) -> Option<String> {
        let b = b.screen();
        if cursor && a[0].screen().cursor_position() != b.cursor_position() {
            return Some(format!("cursor {:?}", a[0].screen().cursor_position()));
        }
        let look = |c: &vt100::Cell| {
            let text = match c.contents() {
                "" => " ",
                t => t,
            };
            // A cell bold and faint shows whichever came last, which
            // depends on the cells written before it (a full redraw writes
            // others): an intensity of its own is one (but see
            // grey_bold_text_has_one_intensity).
            let attrs = (c.bold() || c.dim(), c.italic(), c.underline(), c.inverse());
            if text == " " && !c.underline() && !c.inverse() {
                // A blank shows only its background.
                return (
                    String::new(),
                    vt100::Color::Default,
                    c.bgcolor(),
                    Default::default(),
                );
            }
            (text.to_string(), c.fgcolor(), c.bgcolor(), attrs)
        };
        for r in 0..H {
            for c in 0..W {
                let y = look(b.cell(r, c)?);
                let x = look(a[0].screen().cell(r, c)?);
                if a.iter()
                    .all(|a| a.screen().cell(r, c).map(look) != Some(y.clone()))
                {
                    return Some(format!("row {r} column {c}: {x:?} / {y:?}"));
                }
            }
        }
        None
    }

    /// A frame as ratatui's own backend draws it on a blank screen.
    fn whole(frame: &ratatui::buffer::Buffer, depth: crate::term::output::Depth) -> vt100::Parser {
        let out = Shared::default();
        let mut t = terminal(CrosstermBackend::new(crate::term::output::Compact::new(
            out.clone(),
            depth,
        )));
        t.draw(|f| f.buffer_mut().merge(frame)).unwrap();
        let mut p = parser();
        p.process(&out.0.borrow());
        p
    }

    /// 100 runs of 20 random frames, each drawn by ratatui's own backend
    /// (from the frame as `expected` sees it) and by this one through the
    /// output filter of `depth`, into two terminal emulators compared cell by
    /// cell after every frame. Returns the bytes each wrote and the erases.
    fn compare(
        depth: crate::term::output::Depth,
        styles: &[Style],
        expected: fn(&mut ratatui::buffer::Buffer),
    ) -> (usize, usize, usize) {
        let (mut plain_total, mut frugal_total, mut erased) = (0, 0, 0);
        for seed in 0..100 {
            let (a, b) = (Shared::default(), Shared::default());
            let mut plain = terminal(CrosstermBackend::new(a.clone()));
            let out = crate::term::output::Compact::new(b.clone(), depth).erasing(true);
            // Ambiguous characters narrow (as the emulator draws them) in
            // half the runs, not trusted in the others.
            let frugal =
                Frugal::sized(CrosstermBackend::new(out), Size::new(W, H)).ambiguous(seed % 2 == 1);
            let mut frugal = terminal(frugal);
            let mut held = ratatui::buffer::Buffer::empty(Rect::new(0, 0, W, H));
            let mut rng = Lcg(seed);
            let (mut pa, mut pb) = (parser(), parser());
            for _ in 0..20 {
                frame(&mut rng, &mut held, styles);
                let mut seen = held.clone();
                expected(&mut seen);
                plain.draw(|f| f.buffer_mut().merge(&seen)).unwrap();
                frugal.draw(|f| f.buffer_mut().merge(&held)).unwrap();
                pa.process(&a.0.borrow());
                pb.process(&b.0.borrow());
                // What ratatui's own backend shows after each frame is not
                // the truth where wide characters come and go (a blank it
                // writes over the right half of one takes the rendition of
                // the moment): what it shows drawing the frame whole on a
                // blank screen is. (Where the hidden cursor ends depends on
                // which cells were written.)
                let seen = difference(&[&whole(&seen, depth), &pa], &pb, false);
                assert!(seen.is_none(), "seed {seed}: {seen:?}");
                // ESC [ n X: blanks erased.
                let ech = |w: &[u8]| w[1] == b'X' && w[0].is_ascii_digit();
                erased += b.0.borrow().windows(2).filter(|w| ech(w)).count();
                plain_total += a.0.borrow().len();
                frugal_total += b.0.borrow().len();
                a.0.borrow_mut().clear();
                b.0.borrow_mut().clear();
            }
        }
        (plain_total, frugal_total, erased)
    }

    #[test]
    fn the_screen_is_the_same_with_fewer_bytes() {
        let styles = [
            Style::default(),
            Style::default().fg(Color::Green),
            Style::default().add_modifier(Modifier::BOLD),
            Style::default().bg(Color::Blue).fg(Color::White),
            Style::default()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::DIM),
            Style::default().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED),
            Style::default()
                .fg(Color::Indexed(200))
                .add_modifier(Modifier::ITALIC),
        ];
        let (plain, frugal, erased) = compare(crate::term::output::Depth::Many, &styles, |_| {});
        assert!(erased >= 5, "the runs erase blanks too ({erased})");
        assert!(frugal < plain, "{frugal} bytes, not fewer than {plain}");
    }

    /// Frames drawn one after the other through this backend and the output
    /// filter, as the terminal shows them.
    fn through(
        depth: crate::term::output::Depth,
        frames: &[fn(&mut ratatui::buffer::Buffer)],
    ) -> vt100::Parser {
        let b = Shared::default();
        let out = crate::term::output::Compact::new(b.clone(), depth);
        let mut t = terminal(Frugal::sized(CrosstermBackend::new(out), Size::new(W, H)));
        for f in frames {
            t.draw(|fr| f(fr.buffer_mut())).unwrap();
        }
        let mut p = parser();
        p.process(&b.0.borrow());
        p
    }

    /// An emoji with VS16 is two columns to the terminal: a gap written after
    /// it would land one column on (found by a review's fuzzing).
    #[test]
    fn a_character_the_terminal_sizes_otherwise_is_never_followed_by_a_gap() {
        let p = through(
            crate::term::output::Depth::Many,
            &[
                |b| b.set_string(0, 0, "zzzzzzzz", Style::default()),
                |b| {
                    b.set_string(0, 0, "zzzzzzzz", Style::default());
                    b.set_string(0, 0, "\u{2764}\u{fe0f}", Style::default());
                    b.set_string(5, 0, "Q", Style::default());
                },
            ],
        );
        assert_eq!(p.screen().cell(0, 5).unwrap().contents(), "Q");
    }

    /// Grey and bold on 8 colours: bold wins over the grey's faint whatever
    /// came before, so one title has one intensity on a terminal that has one.
    #[test]
    fn grey_bold_text_has_one_intensity() {
        let p = through(
            crate::term::output::Depth::Eight,
            &[
                |b| {
                    let g = Style::default().fg(Color::DarkGray);
                    b.set_string(0, 0, "─", g);
                    b.set_string(1, 0, "Preview", g.add_modifier(Modifier::BOLD));
                },
                |b| {
                    let g = Style::default().fg(Color::DarkGray);
                    b.set_string(0, 0, "─", g);
                    b.set_string(1, 0, "Prexiew", g.add_modifier(Modifier::BOLD));
                },
            ],
        );
        let look = |x| {
            let c = p.screen().cell(0, x).unwrap();
            (c.bold(), c.dim())
        };
        assert_eq!(look(1), (true, false));
        assert_eq!(look(4), (true, false));
        assert_eq!(look(0), (false, true), "the grey border stays faint");
    }

    /// On a terminal of 8 colours the screen is the frame with bright
    /// colours as plain ones and the theme's grey as faint default text.
    #[test]
    fn eight_colours_show_the_grey_faint() {
        let styles = [
            Style::default(),
            Style::default().fg(Color::LightGreen),
            Style::default().fg(Color::DarkGray),
            Style::default()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::ITALIC),
            Style::default().add_modifier(Modifier::DIM),
            Style::default().bg(Color::DarkGray).fg(Color::Red),
            Style::default().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED),
        ];
        compare(crate::term::output::Depth::Eight, &styles, |buf| {
            for c in &mut buf.content {
                match c.fg {
                    Color::DarkGray => {
                        c.fg = Color::Reset;
                        c.modifier |= Modifier::DIM;
                    }
                    Color::LightGreen => c.fg = Color::Green,
                    _ => {}
                }
                if c.bg == Color::DarkGray {
                    c.bg = Color::Gray;
                }
            }
        });
    }

    /// A gap of blanks on another background is moved over, not written in
    /// two colour changes (found by review).
    #[test]
    fn blanks_on_another_background_are_moved_over() {
        let b = Shared::default();
        let out = crate::term::output::Compact::new(b.clone(), crate::term::output::Depth::Many);
        let mut t = terminal(Frugal::sized(CrosstermBackend::new(out), Size::new(W, H)));
        let blue = Style::default().bg(Color::Blue);
        t.draw(|f| {
            f.buffer_mut().set_string(0, 0, "a", blue);
            f.buffer_mut().set_string(3, 0, "b", blue);
        })
        .unwrap();
        b.0.borrow_mut().clear();
        t.draw(|f| {
            f.buffer_mut().set_string(0, 0, "c", blue);
            f.buffer_mut().set_string(3, 0, "d", blue);
        })
        .unwrap();
        let written = String::from_utf8_lossy(&b.0.borrow()).to_string();
        assert!(written.contains("c\x1b[1;4Hd"), "{written:?}");
    }

    #[test]
    fn only_a_cjk_locale_or_none_makes_ambiguous_characters_wide() {
        assert!(ambiguous_wide(Some("ja_JP.UTF-8")) && ambiguous_wide(Some("zh_CN.UTF-8")));
        assert!(ambiguous_wide(None), "not known: not trusted");
        assert!(!ambiguous_wide(Some("en_US.UTF-8")) && !ambiguous_wide(Some("C")));
        assert!(narrow("║", false) && !narrow("║", true));
        assert!(narrow("↪", true) && narrow("✗", true) && narrow("é", false));
        // Ambiguous letters are wide on a terminal set so (found by review).
        for c in ["é", "α", "Ж", "ß"] {
            assert!(!narrow(c, true), "{c}");
        }
        assert!(!narrow("❤", false) && !narrow("日", false) && !narrow("❤\u{fe0f}", false));
        assert!(!narrow("\u{2028}", false) && !narrow("\u{fffa}", false));
    }

    /// Text that scrolls (a list, the help, a diff), sometimes beside a
    /// column that does not move, with random edits on top: the terminal's
    /// scroll region moves the rows, and what it shows after every frame is
    /// what ratatui's own backend shows.
    #[test]
    fn a_scrolled_band_shows_the_same_with_fewer_bytes() {
        let styles = [
            Style::default(),
            Style::default().fg(Color::Cyan),
            Style::default().bg(Color::Blue).fg(Color::White),
            Style::default().add_modifier(Modifier::REVERSED),
            Style::default().fg(Color::DarkGray),
        ];
        let words = [
            "alpha ", "beta, ", "\"k\": ", "42 ", "─", "é", "  ", "gamma",
        ];
        let (mut plain_total, mut frugal_total, mut scrolls) = (0, 0, 0);
        for seed in 0..200 {
            let mut rng = Lcg(seed);
            let lines: Vec<Vec<(String, Style)>> = (0..30)
                .map(|_| {
                    (0..rng.next(6))
                        .map(|_| {
                            let w = words[rng.next(words.len() as u64) as usize].to_string();
                            (w, styles[rng.next(styles.len() as u64) as usize])
                        })
                        .collect()
                })
                .collect();
            let (a, b) = (Shared::default(), Shared::default());
            let mut plain = terminal(CrosstermBackend::new(a.clone()));
            let out =
                crate::term::output::Compact::new(b.clone(), crate::term::output::Depth::Many)
                    .erasing(true);
            let frugal = Frugal::sized(CrosstermBackend::new(out), Size::new(W, H))
                .scrolling(true)
                .ambiguous(seed % 2 == 1);
            let mut frugal = terminal(frugal);
            let (mut pa, mut pb) = (parser(), parser());
            let mut top: i64 = 10;
            let margin = seed % 3 == 0;
            for _ in 0..20 {
                top = (top + [-1, 1, 1, 2, -3, 5, 0][rng.next(7) as usize]).clamp(0, 24);
                let mut held = ratatui::buffer::Buffer::empty(Rect::new(0, 0, W, H));
                for row in 0..H {
                    let x0 = if margin {
                        held.set_string(0, row, "│", Style::default().fg(Color::Green));
                        1
                    } else {
                        0
                    };
                    let mut x = x0;
                    for (w, st) in &lines[(top + i64::from(row)) as usize] {
                        if x < W {
                            x = held.set_stringn(x, row, w, (W - x) as usize, *st).0;
                        }
                    }
                }
                frame(&mut rng, &mut held, &styles);
                plain.draw(|f| f.buffer_mut().merge(&held)).unwrap();
                frugal.draw(|f| f.buffer_mut().merge(&held)).unwrap();
                pa.process(&a.0.borrow());
                pb.process(&b.0.borrow());
                // (Where the hidden cursor ends depends on what was written.)
                let redrawn = whole(&held, crate::term::output::Depth::Many);
                let seen = difference(&[&redrawn, &pa], &pb, false);
                assert!(seen.is_none(), "seed {seed}: {seen:?}");
                let written = String::from_utf8_lossy(&b.0.borrow()).to_string();
                scrolls += written.matches("S\x1b[r").count() + written.matches("T\x1b[r").count();
                plain_total += a.0.borrow().len();
                frugal_total += b.0.borrow().len();
                a.0.borrow_mut().clear();
                b.0.borrow_mut().clear();
            }
        }
        // 132 scrolls at the time of writing (3,000 seeds: 1,708, all alike).
        assert!(scrolls > 50, "the terminal scrolled ({scrolls} times)");
        assert!(
            frugal_total * 10 < plain_total * 7,
            "{frugal_total} bytes against {plain_total}"
        );
    }

    /// An emoji with VS16 is two columns to the terminal: the blank ratatui
    /// writes after it lands a column on and wipes a character. ratatui's
    /// own backend mends that row when the text moves; this one must not
    /// scroll the damaged row as if it were right (found by review).
    #[test]
    fn a_row_an_emoji_may_have_damaged_is_written_again_not_scrolled() {
        let lines = [
            "the quick brown fox",
            "jumps over a lazy dog",
            "pack my box with five",
            "dozen liquor jugs now",
            "how vexingly quick daft",
            "zebras jump at night",
            "sphinx of black quartz",
        ];
        let (a, b) = (Shared::default(), Shared::default());
        let mut plain = terminal(CrosstermBackend::new(a.clone()));
        let out = crate::term::output::Compact::new(b.clone(), crate::term::output::Depth::Many);
        let mut frugal = terminal(
            Frugal::sized(CrosstermBackend::new(out), Size::new(W, H))
                .scrolling(true)
                .ambiguous(false),
        );
        let page = |buf: &mut ratatui::buffer::Buffer, from: usize, heart: bool| {
            for (row, l) in lines[from..from + H as usize].iter().enumerate() {
                buf.set_string(0, row as u16, l, Style::default());
            }
            if heart {
                buf.set_string(0, 2, "\u{2764}\u{fe0f}", Style::default());
            }
        };
        for (from, heart) in [(0, false), (0, true), (0, false), (1, false)] {
            plain.draw(|f| page(f.buffer_mut(), from, heart)).unwrap();
            frugal.draw(|f| page(f.buffer_mut(), from, heart)).unwrap();
        }
        let (mut pa, mut pb) = (parser(), parser());
        pa.process(&a.0.borrow());
        pb.process(&b.0.borrow());
        assert_eq!(difference(&[&pa], &pb, false), None);
        assert!(pb.screen().contents().contains("jumps over a lazy dog"));
    }

    /// The columns a terminal gives a grapheme cluster, where terminals
    /// disagree: as unicode-width (and ratatui) count them; the sum of each
    /// character's `wcwidth`, as tmux and glibc do (a flag 2, a skin tone 4,
    /// a family of three 6, an emoji with VS16 1); or a terminal that draws a
    /// flag and an emoji with VS16 one column and a lone regional indicator
    /// two.
    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Widths {
        Unicode,
        Tmux,
        Odd,
    }

    impl Widths {
        fn of(self, cluster: &str) -> usize {
            use unicode_width::UnicodeWidthChar;
            let regional = |c: char| ('\u{1f1e6}'..='\u{1f1ff}').contains(&c);
            match self {
                Widths::Unicode => cluster.width(),
                Widths::Tmux => cluster.chars().map(|c| c.width().unwrap_or(0)).sum(),
                Widths::Odd if cluster.chars().all(regional) => 3 - cluster.chars().count(),
                Widths::Odd if cluster.contains('\u{fe0f}') => 1,
                Widths::Odd => cluster.width(),
            }
        }
    }

    /// One cell of [`Emulator`]: its text (empty when blank), colours and
    /// attributes, and whether it is the covered part of a wider glyph.
    #[derive(Clone, Debug, Default, PartialEq)]
    struct Shown {
        text: String,
        look: (String, String, u16),
        covered: bool,
    }

    /// A terminal emulator that gives a cluster the columns of `widths`
    /// (vt100 counts character by character, as unicode-width does), and
    /// does what terminals differ on the strict way: a glyph written over
    /// part of a wide one blanks all of it (as xterm does), an erase (ECH)
    /// that cuts a wide glyph leaves the rest of it as junk (`▒`, as some
    /// do), a glyph past the last column is cut there.
    struct Emulator {
        rows: Vec<Vec<Shown>>,
        at: (usize, usize),
        look: (String, String, u16),
        region: (usize, usize),
        widths: Widths,
    }

    impl Emulator {
        fn new(widths: Widths) -> Emulator {
            Emulator {
                rows: vec![vec![Shown::default(); W as usize]; H as usize],
                at: (0, 0),
                look: Default::default(),
                region: (0, H as usize - 1),
                widths,
            }
        }

        /// The glyph that covers column `x` of row `y`: where it starts and
        /// how many columns it takes.
        fn glyph(&self, y: usize, x: usize) -> (usize, usize) {
            let row = &self.rows[y];
            let lead = (0..=x).rev().find(|&i| !row[i].covered).unwrap_or(0);
            let end = (lead + 1..W as usize)
                .find(|&i| !row[i].covered)
                .unwrap_or(W as usize);
            (lead, end - lead)
        }

        fn blank(&mut self, y: usize, x: usize, bg: &str) {
            self.rows[y][x] = Shown {
                look: (String::new(), bg.to_string(), 0),
                ..Shown::default()
            };
        }

        fn print(&mut self, cluster: &str) {
            let (y, x) = self.at;
            let w = self.widths.of(cluster);
            if w == 0 {
                if x > 0 && x <= W as usize {
                    let (lead, _) = self.glyph(y, x - 1);
                    self.rows[y][lead].text.push_str(cluster);
                }
                return;
            }
            if x >= W as usize {
                return;
            }
            let end = (x + w).min(W as usize);
            for i in x..end {
                let (lead, n) = self.glyph(y, i);
                for j in lead..lead + n {
                    let bg = self.rows[y][j].look.1.clone();
                    self.blank(y, j, &bg);
                }
            }
            self.rows[y][x] = Shown {
                text: cluster.to_string(),
                look: self.look.clone(),
                covered: false,
            };
            for i in x + 1..end {
                self.rows[y][i] = Shown {
                    covered: true,
                    ..Shown::default()
                };
            }
            self.at.1 = x + w;
        }

        fn erase(&mut self, n: usize) {
            let (y, x) = self.at;
            let end = (x + n).min(W as usize);
            if x >= end {
                return;
            }
            let (first, _) = self.glyph(y, x);
            let (lead, w) = self.glyph(y, end - 1);
            let bg = self.look.1.clone();
            for i in first..lead + w {
                if (x..end).contains(&i) {
                    self.blank(y, i, &bg);
                } else {
                    self.rows[y][i] = Shown {
                        text: "▒".into(),
                        ..Shown::default()
                    };
                }
            }
        }

        fn sgr(&mut self, params: &str) {
            let p: Vec<u16> = params.split(';').map(|n| n.parse().unwrap_or(0)).collect();
            let mut i = 0;
            while i < p.len() {
                let look = &mut self.look;
                match p[i] {
                    0 => *look = Default::default(),
                    n @ 1..=9 => look.2 |= 1 << n,
                    22 => look.2 &= !0b110,
                    n @ 23..=29 => look.2 &= !(1 << (n - 20)),
                    n @ (30..=37 | 90..=97) => look.0 = n.to_string(),
                    n @ (40..=47 | 100..=107) => look.1 = n.to_string(),
                    39 => look.0.clear(),
                    49 => look.1.clear(),
                    n @ (38 | 48 | 58) => {
                        let k = if p.get(i + 1) == Some(&5) { 3 } else { 5 };
                        let colour = format!("{:?}", &p[i..(i + k).min(p.len())]);
                        match n {
                            38 => look.0 = colour,
                            48 => look.1 = colour,
                            _ => {}
                        }
                        i += k - 1;
                    }
                    _ => {}
                }
                i += 1;
            }
        }

        fn scroll(&mut self, n: usize, up: bool) {
            let (top, bottom) = self.region;
            for _ in 0..n {
                if up {
                    self.rows[top..=bottom].rotate_left(1);
                    self.rows[bottom] = vec![Shown::default(); W as usize];
                } else {
                    self.rows[top..=bottom].rotate_right(1);
                    self.rows[top] = vec![Shown::default(); W as usize];
                }
            }
        }

        fn process(&mut self, bytes: &[u8]) {
            let text = String::from_utf8_lossy(bytes);
            let mut chars = text.chars().peekable();
            let mut cluster = String::new();
            let regional = |c: char| ('\u{1f1e6}'..='\u{1f1ff}').contains(&c);
            while let Some(c) = chars.next() {
                if c != '\x1b' {
                    use unicode_width::UnicodeWidthChar;
                    // What joins the character before it in a cluster.
                    let joins = !cluster.is_empty()
                        && (c.width() == Some(0)
                            || ('\u{1f3fb}'..='\u{1f3ff}').contains(&c)
                            || cluster.ends_with('\u{200d}')
                            || (regional(c)
                                && cluster.chars().count() == 1
                                && cluster.chars().all(regional)));
                    if !joins && !cluster.is_empty() {
                        self.print(&std::mem::take(&mut cluster));
                    }
                    cluster.push(c);
                    continue;
                }
                if !cluster.is_empty() {
                    self.print(&std::mem::take(&mut cluster));
                }
                assert_eq!(chars.next(), Some('['), "only CSI sequences");
                let mut params = String::new();
                let fin = loop {
                    let c = chars.next().unwrap();
                    if ('\x40'..='\x7e').contains(&c) {
                        break c;
                    }
                    params.push(c);
                };
                let n = |d: usize| params.parse::<usize>().unwrap_or(d).max(1);
                match fin {
                    'H' => {
                        let mut rc = params.split(';').map(|v| v.parse::<usize>().unwrap_or(1));
                        let (r, c) = (rc.next().unwrap_or(1), rc.next().unwrap_or(1));
                        self.at = (r.clamp(1, H as usize) - 1, c.clamp(1, W as usize) - 1);
                    }
                    'X' => self.erase(n(1)),
                    'm' => self.sgr(&params),
                    'r' => {
                        let mut tb = params.split(';').filter_map(|v| v.parse::<usize>().ok());
                        let top = tb.next().unwrap_or(1);
                        let bottom = tb.next().unwrap_or(H as usize);
                        self.region = (top - 1, bottom - 1);
                        self.at = (0, 0);
                    }
                    'S' => self.scroll(n(1), true),
                    'T' => self.scroll(n(1), false),
                    'J' if params == "2" => *self = Emulator::new(self.widths),
                    'h' | 'l' if params.starts_with('?') => {}
                    _ => panic!("unexpected sequence {params:?} {fin}"),
                }
            }
            if !cluster.is_empty() {
                self.print(&cluster);
            }
        }

        /// How cell (x, y) looks: its text (a space when blank) and what
        /// shows of its colours and attributes (of a blank, its background,
        /// and its foreground when reversed, underlined or crossed out).
        fn look(&self, y: usize, x: usize) -> (String, String, String, u16) {
            let s = &self.rows[y][x];
            let ink = 1 << 4 | 1 << 7 | 1 << 9;
            let (fg, bg, attrs) = s.look.clone();
            match s.text.as_str() {
                "" | " " if attrs & ink == 0 => (" ".into(), String::new(), bg, 0),
                "" | " " => (" ".into(), fg, bg, attrs & ink),
                t => (t.to_string(), fg, bg, attrs),
            }
        }
    }

    /// Where two emulators show `frame` differently, but under a cluster
    /// the terminal sizes otherwise than ratatui: what shows in its columns
    /// depends on the terminal (a flag drawn two columns wide and the cell
    /// after it written over its right half), not on what was written.
    fn unlike(a: &Emulator, b: &Emulator, frame: &ratatui::buffer::Buffer) -> Option<String> {
        for y in 0..H as usize {
            let mut shadow = 0;
            for x in 0..W as usize {
                let cell = &frame[(x as u16, y as u16)];
                let (ours, theirs) = (cell.symbol().width(), a.widths.of(cell.symbol()));
                if ours != theirs {
                    shadow = shadow.max(x + ours.max(theirs).max(1));
                }
                if x < shadow {
                    continue;
                }
                let (p, q) = (a.look(y, x), b.look(y, x));
                if p != q {
                    return Some(format!("row {y} column {x}: {p:?} / {q:?}"));
                }
            }
        }
        None
    }

    /// Frames of CJK, emoji, flags, skin tones, ZWJ sequences, VS16 and
    /// combining marks, through terminals that size them three ways: after
    /// every frame the screen is what a full redraw of that frame shows
    /// (found by an attack: a row one column short, `history🇵enable`).
    #[test]
    fn every_cluster_shows_as_a_full_redraw_shows_it() {
        let texts = [
            "a",
            "bc",
            "x y",
            "  ",
            "          ",
            "42",
            "─",
            "日本",
            "語x",
            "日",
            "\u{1f600}",
            "\u{1f44d}\u{1f3fd}",
            "\u{1f1f5}\u{1f1ea}",
            "\u{1f1f5}",
            "history\u{1f1f5}enable",
            "\u{2764}\u{fe0f}",
            "\u{2764}",
            "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}",
            "e\u{301}",
            "n\u{303}o",
            "a\u{200b}b",
            "é",
        ];
        let styles = [
            Style::default(),
            Style::default().fg(Color::Green),
            Style::default().bg(Color::Blue).fg(Color::White),
            Style::default().add_modifier(Modifier::REVERSED),
        ];
        let mut wrong = Vec::new();
        for seed in 0..300 {
            let widths = [Widths::Unicode, Widths::Tmux, Widths::Odd][seed as usize % 3];
            let b = Shared::default();
            let out =
                crate::term::output::Compact::new(b.clone(), crate::term::output::Depth::Many)
                    .erasing(true);
            let frugal = Frugal::sized(CrosstermBackend::new(out), Size::new(W, H))
                .scrolling(seed % 4 < 2)
                .ambiguous(seed % 2 == 1);
            let mut frugal = terminal(frugal);
            let mut shown = Emulator::new(widths);
            let mut held = ratatui::buffer::Buffer::empty(Rect::new(0, 0, W, H));
            let mut rng = Lcg(seed);
            for step in 0..20 {
                frame_of(&mut rng, &mut held, &styles, &texts);
                frugal.draw(|f| f.buffer_mut().merge(&held)).unwrap();
                shown.process(&b.0.borrow());
                b.0.borrow_mut().clear();
                // The same frame drawn whole on a blank screen, with a move
                // before every cell (ratatui's own backend, a cell at a time).
                let whole = Shared::default();
                let out = crate::term::output::Compact::new(
                    whole.clone(),
                    crate::term::output::Depth::Many,
                );
                let mut painter = CrosstermBackend::new(out);
                let blank = ratatui::buffer::Buffer::empty(held.area);
                let mut covered = (0, 0);
                for (x, y, cell) in blank.diff(&held) {
                    // (ratatui sends the blank under an emoji with VS16.)
                    if (y, x) < covered {
                        continue;
                    }
                    covered = (y, x + cell.symbol().width().max(1) as u16);
                    painter.draw(std::iter::once((x, y, cell))).unwrap();
                }
                Backend::flush(&mut painter).unwrap();
                let mut redrawn = Emulator::new(widths);
                redrawn.process(&whole.0.borrow());
                if let Some(d) = unlike(&redrawn, &shown, &held) {
                    wrong.push(format!("seed {seed} ({widths:?}) frame {step}: {d}"));
                    break;
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "{} runs:\n{}",
            wrong.len(),
            wrong.join("\n")
        );
    }
}
