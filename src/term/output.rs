//! What the editor writes to the terminal, made short and readable by the
//! terminal it is on (every byte crosses the SSH link of a jump box).
//!
//! crossterm writes every colour as a 256-colour code (`ESC[38;5;9m`, even for
//! red), which the Linux console, vt100-style terminals and `TERM=xterm` or
//! `screen` setups do not read, and ratatui ends every frame with four resets
//! and a hide-cursor. [`Compact`] holds a frame until it is flushed and writes
//! it with the 16 basic colours as their short codes (on an 8-colour terminal
//! the bright ones as their plain ones and the theme's grey as faint text),
//! adjacent SGR sequences merged, everything before a reset dropped, no reset
//! where everything is at its default, a colour the terminal has not set
//! again, blanks before a move erased (ECH) where the terminal can, and a
//! hide-cursor only when the cursor is shown. Everything else passes
//! unchanged.
//!
//! Long (about 590 lines, 175 of them tests): one writer and the state of
//! the terminal it keeps, which the tests pin sequence by sequence.

use std::io::{self, Write};

/// How many colours a terminal shows, as its environment says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// The 8 basic colours (SGR 30–37, 40–47): all any colour terminal reads.
    Eight,
    /// 256 colours or more.
    Many,
}

/// `COLORTERM` set (truecolor, 24bit) or a `TERM` that says 256 colours or
/// names a modern emulator means many; anything else (xterm, screen, linux,
/// vt100, unknown) gets the 8 basic colours, which every one of them reads.
pub fn depth(term: Option<&str>, colorterm: Option<&str>) -> Depth {
    if colorterm.is_some_and(|c| !c.is_empty()) {
        return Depth::Many;
    }
    let Some(term) = term else {
        return Depth::Eight;
    };
    let many = ["256color", "truecolor", "24bit", "direct"]
        .iter()
        .any(|s| term.contains(s))
        || ["kitty", "alacritty", "wezterm", "foot", "xterm-ghostty"]
            .iter()
            .any(|s| term.starts_with(s));
    if many { Depth::Many } else { Depth::Eight }
}

/// Whether a terminal of this `TERM` erases characters (ECH): all since the
/// VT220 do (xterm and its kin, screen, tmux, the Linux console); a VT100,
/// VT102, VT52, ANSI.SYS or an unknown terminal may not.
pub fn erases(term: Option<&str>) -> bool {
    term.is_some_and(|t| {
        !t.is_empty()
            && !["vt1", "vt5", "dumb", "ansi"]
                .iter()
                .any(|p| t.starts_with(p))
    })
}

/// Whether a terminal of this `TERM` scrolls a region of rows (DECSTBM
/// with SU and SD): xterm and its kin, screen and tmux, and the emulators
/// named; not the Linux console (no SU or SD), a VT100 or one unknown.
pub fn scrolls(term: Option<&str>) -> bool {
    term.is_some_and(|t| {
        [
            "xterm",
            "screen",
            "tmux",
            "rxvt",
            "alacritty",
            "kitty",
            "wezterm",
            "foot",
            "st-",
            "vte",
            "gnome",
            "konsole",
            "iterm",
            "contour",
            "mintty",
        ]
        .iter()
        .any(|p| t.starts_with(p))
    })
}

/// A writer that holds what is written until `flush` (a frame: escape
/// sequences arrive in pieces), then writes it compacted (see the module).
pub struct Compact<W: Write> {
    inner: W,
    depth: Depth,
    held: Vec<u8>,
    state: State,
}

/// The theme's grey on a terminal of 8 colours: the default colour, faint
/// (grey on a dark background and on a light one; bright black is black on
/// some, and white was invisible on a light one).
const GREY: &str = "grey";

/// SGR 1–9, as bits.
const ALL_ATTRS: u16 = 0b11_1111_1110;

/// What the terminal has been told, as far as this writer has written.
#[derive(Debug, Default)]
struct State {
    hidden: bool,
    /// The foreground and background colour's code (`39`/`49` for the
    /// default); empty until the first is written.
    fg: String,
    bg: String,
    /// The underline colour (`59` for the default); `None` when not known.
    ul: Option<String>,
    /// The attributes known (bit n for SGR n, 1–9), and of those the ones on.
    known: u16,
    on: u16,
    /// Whether the terminal erases characters (ECH, `ESC[nX`).
    erase: bool,
}

impl State {
    /// Whether the terminal is known to be in its default rendition, so a
    /// reset would change nothing.
    fn is_default(&self) -> bool {
        self.fg == "39" && self.bg == "49" && self.ul.as_deref() == Some("59") && self.plain()
    }

    /// Every attribute known to be off.
    fn plain(&self) -> bool {
        self.known == ALL_ATTRS && self.on == 0
    }

    fn unknown(&mut self) {
        self.fg.clear();
        self.bg.clear();
        self.ul = None;
        self.known = 0;
    }

    /// Faint on for the theme's grey (8-colour terminals), beside what
    /// the attributes say.
    fn grey(&self) -> bool {
        self.fg == GREY
    }

    fn attr(&self, n: u8) -> bool {
        self.on & 1 << n != 0
    }

    /// The SGR parameters that set this rendition from the terminal's
    /// default, after a reset (`0` alone when it is the default); `None`
    /// when part of it is not known (a reset would change what is unknown).
    fn after_reset(&self) -> Option<String> {
        if self.known != ALL_ATTRS || self.fg.is_empty() || self.bg.is_empty() {
            return None;
        }
        let ul = self.ul.as_deref()?;
        // Bold with faint shows whichever came last on a terminal with one
        // intensity: their order is kept as it was.
        if self.attr(1) && self.attr(2) {
            return None;
        }
        let mut groups = vec!["0".to_string()];
        groups.extend((1..=9).filter(|n| self.attr(*n)).map(|n| n.to_string()));
        if self.grey() {
            if !self.attr(1) && !self.attr(2) {
                groups.push("2".into());
            }
        } else if self.fg != "39" {
            groups.push(self.fg.clone());
        }
        if self.bg != "49" {
            groups.push(self.bg.clone());
        }
        if ul != "59" {
            groups.push(ul.into());
        }
        // `ESC[0;32m` as `ESC[;32m`? Some terminals read an empty
        // parameter wrongly; the `0` stays.
        Some(groups.join(";"))
    }

    /// The SGR groups to write for `groups`, given what the terminal has,
    /// which is then updated.
    fn apply(&mut self, groups: Vec<String>, depth: Depth) -> Vec<String> {
        let depth_is_eight = depth == Depth::Eight;
        let mut out = Vec::with_capacity(groups.len());
        for g in groups {
            match g.split(';').next().unwrap_or("") {
                "0" | "" => {
                    self.fg = "39".into();
                    self.bg = "49".into();
                    self.ul = Some("59".into());
                    (self.known, self.on) = (ALL_ATTRS, 0);
                    out.push(g);
                }
                GREY => {
                    if self.grey() {
                        continue;
                    }
                    if self.fg != "39" {
                        out.push("39".into());
                    }
                    // Bold wins over the grey's faint: on a terminal with one
                    // intensity the same style must look the same.
                    if !self.attr(2) && !self.attr(1) {
                        out.push("2".into());
                    }
                    self.fg = GREY.into();
                }
                c if matches!(c.len(), 2 | 3) && (c.starts_with('3') || c.starts_with('9')) => {
                    if self.fg == g {
                        continue;
                    }
                    let was_grey = self.grey();
                    out.push(g.clone());
                    self.fg = g;
                    // The grey's faint off again, unless asked for.
                    if was_grey && !self.attr(2) {
                        out.push("22".into());
                        if self.attr(1) {
                            out.push("1".into());
                        }
                    }
                }
                c if (c.len() == 2 && c.starts_with('4'))
                    || (c.len() == 3 && c.starts_with("10")) =>
                {
                    if self.bg != g {
                        out.push(g.clone());
                        self.bg = g;
                    }
                }
                // No underline colour on 8 colours: a terminal without SGR 58
                // reads `58;5;1` as blink and bold.
                c if depth_is_eight && matches!(c, "58" | "59") => {}
                _ => {
                    let was_bold = self.attr(1);
                    self.note(&g);
                    let normal = g == "22";
                    if g == "1" && self.grey() && !was_bold && !self.attr(2) {
                        // The grey's faint off first: bold alone.
                        out.push("22".into());
                    }
                    out.push(g);
                    // Normal intensity while grey: the grey's faint back.
                    if normal && self.grey() {
                        out.push("2".into());
                    }
                }
            }
        }
        out
    }

    /// An attribute or underline-colour code.
    fn note(&mut self, code: &str) {
        let off = |s: &mut State, bits: u16| {
            s.on &= !bits;
            s.known |= bits;
        };
        match code.parse::<u8>() {
            Ok(n @ 1..=9) => {
                self.on |= 1 << n;
                self.known |= 1 << n;
            }
            Ok(22) => off(self, 1 << 1 | 1 << 2),
            Ok(23) => off(self, 1 << 3),
            Ok(24) => off(self, 1 << 4),
            Ok(25) => off(self, 1 << 5 | 1 << 6),
            Ok(27) => off(self, 1 << 7),
            Ok(28) => off(self, 1 << 8),
            Ok(29) => off(self, 1 << 9),
            Ok(59) => self.ul = Some("59".into()),
            _ if code.starts_with("58;") => self.ul = Some(code.into()),
            // 21 is double underline on some terminals, bold off on others.
            _ => (self.known, self.on) = (0, 0),
        }
    }
}

impl<W: Write> Compact<W> {
    pub fn new(inner: W, depth: Depth) -> Compact<W> {
        Compact {
            inner,
            depth,
            held: Vec::new(),
            state: State::default(),
        }
    }

    /// Writes a run of blanks before a cursor move as one erase (`ESC[nX`),
    /// on a terminal that has it (every one since the VT220).
    pub fn erasing(mut self, on: bool) -> Compact<W> {
        self.state.erase = on;
        self
    }

    /// Writes the held bytes up to an unfinished escape sequence (kept).
    fn pass_complete(&mut self) -> io::Result<()> {
        let (out, rest) = translate(&self.held, self.depth, &mut self.state);
        self.inner.write_all(&out)?;
        self.held.drain(..self.held.len() - rest);
        Ok(())
    }
}

impl<W: Write> Write for Compact<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.held.extend_from_slice(buf);
        // A runaway writer without flushes: pass on what is complete.
        if self.held.len() > 1 << 20 {
            self.pass_complete()?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.pass_complete()?;
        self.inner.flush()
    }
}

/// One CSI sequence: its parameter bytes and final byte, and where it ends.
fn csi_at(bytes: &[u8], i: usize) -> Option<(&[u8], u8, usize)> {
    if bytes.get(i) != Some(&0x1b) || bytes.get(i + 1) != Some(&b'[') {
        return None;
    }
    // Parameter and intermediate bytes (0x20–0x3f), then one final byte.
    let end = bytes[i + 2..]
        .iter()
        .position(|b| !(0x20..=0x3f).contains(b))
        .map(|p| i + 2 + p)?;
    if !(0x40..=0x7e).contains(&bytes[end]) {
        return None;
    }
    Some((&bytes[i + 2..end], bytes[end], end + 1))
}

/// `bytes` compacted, and how many bytes at the end are an unfinished
/// sequence (not in the output). `state` is kept across calls.
fn translate(bytes: &[u8], depth: Depth, state: &mut State) -> (Vec<u8>, usize) {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != 0x1b {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        let Some((params, fin, next)) = csi_at(bytes, i) else {
            // An escape not complete yet is held; anything else that is not
            // a CSI passes on as it is.
            let unfinished = i + 1 >= bytes.len()
                || (bytes[i + 1] == b'['
                    && bytes[i + 2..].iter().all(|b| (0x20..=0x3f).contains(b)));
            if unfinished {
                return (out, bytes.len() - i);
            }
            out.push(bytes[i]);
            i += 1;
            continue;
        };
        // Only a plain SGR (digits and `;`) is rewritten; one with a private
        // marker or `:` sub-parameters passes as it is, and the colours are
        // then unknown.
        let plain_sgr = fin == b'm' && params.iter().all(|b| b.is_ascii_digit() || *b == b';');
        if fin == b'm' && !plain_sgr {
            out.extend_from_slice(&bytes[i..next]);
            state.unknown();
            i = next;
            continue;
        }
        match (params, fin) {
            (_, b'm') => {
                // This and the SGR sequences right after it, as one.
                let mut groups = sgr_groups(params, depth);
                i = next;
                while let Some((p, b'm', n)) = csi_at(bytes, i) {
                    if !p.iter().all(|b| b.is_ascii_digit() || *b == b';') {
                        break;
                    }
                    groups.extend(sgr_groups(p, depth));
                    i = n;
                }
                if let Some(reset) = groups.iter().rposition(|g| g == "0" || g.is_empty()) {
                    groups.drain(..reset);
                    // A reset where everything is at its default already.
                    if state.is_default() {
                        groups.remove(0);
                    }
                }
                // A colour the terminal already has is not set again.
                let groups = state.apply(groups, depth).join(";");
                // A reset and what differs from the default, when that is
                // shorter (`ESC[m` for `ESC[39m` where nothing else is on).
                let groups = match state.after_reset() {
                    Some(fresh) if !groups.is_empty() && fresh.len() < groups.len() => fresh,
                    _ => groups,
                };
                if !groups.is_empty() {
                    out.extend_from_slice(b"\x1b[");
                    if groups != "0" {
                        out.extend_from_slice(groups.as_bytes());
                    }
                    out.push(b'm');
                }
            }
            (_, b'H') => {
                // Blanks in the default rendition, then a move: erased, not
                // written (the move does not care where the cursor is).
                let blanks = out.iter().rev().take_while(|b| **b == b' ').count();
                if state.erase && blanks > 5 && state.bg == "49" && state.plain() {
                    out.truncate(out.len() - blanks);
                    out.extend_from_slice(format!("\x1b[{blanks}X").as_bytes());
                }
                out.extend_from_slice(&bytes[i..next]);
                i = next;
            }
            (b"?25", b'l') => {
                if !state.hidden {
                    out.extend_from_slice(b"\x1b[?25l");
                    state.hidden = true;
                }
                i = next;
            }
            (b"?25", b'h') => {
                out.extend_from_slice(b"\x1b[?25h");
                state.hidden = false;
                i = next;
            }
            _ => {
                out.extend_from_slice(&bytes[i..next]);
                i = next;
            }
        }
    }
    (out, 0)
}

/// SGR parameters as groups (`38;5;9` is one), colours as their short codes.
fn sgr_groups(params: &[u8], depth: Depth) -> Vec<String> {
    let text = String::from_utf8_lossy(params);
    let parts: Vec<&str> = text.split(';').collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < parts.len() {
        // An underline colour has no short code: one group, as it is.
        if parts[i] == "58" {
            let n = match parts.get(i + 1).copied() {
                Some("5") => 3,
                Some("2") => 5,
                _ => 1,
            };
            out.push(parts[i..(i + n).min(parts.len())].join(";"));
            i += n;
            continue;
        }
        let base = match parts[i] {
            "38" => Some(30),
            "48" => Some(40),
            _ => None,
        };
        match (base, parts.get(i + 1).copied()) {
            (Some(base), Some("5")) => {
                let n: u16 = parts.get(i + 2).and_then(|n| n.parse().ok()).unwrap_or(999);
                out.push(match (depth, n) {
                    (_, 0..=7) => (base + n).to_string(),
                    // aixterm's bright colours: 90–97, 100–107.
                    (Depth::Many, 8..=15) => (base + 60 + n - 8).to_string(),
                    (Depth::Many, _) => parts[i..(i + 3).min(parts.len())].join(";"),
                    // Bright black (the theme's grey): faint text, or a
                    // white background.
                    (Depth::Eight, 8) if base == 30 => GREY.to_string(),
                    (Depth::Eight, 8) => (base + 7).to_string(),
                    (Depth::Eight, 9..=15) => (base + n - 8).to_string(),
                    (Depth::Eight, _) => (base + 9).to_string(),
                });
                i += 3;
            }
            (Some(base), Some("2")) => {
                out.push(match depth {
                    Depth::Many => parts[i..(i + 5).min(parts.len())].join(";"),
                    Depth::Eight => (base + 9).to_string(),
                });
                i += 5;
            }
            _ => {
                out.push(parts[i].to_string());
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A writer whose bytes the test keeps (clones share them).
    #[derive(Clone, Default)]
    pub(crate) struct Shared(pub(crate) std::rc::Rc<std::cell::RefCell<Vec<u8>>>);
    impl Write for Shared {
        fn write(&mut self, b: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn run(bytes: &[u8], depth: Depth) -> String {
        let (out, rest) = translate(bytes, depth, &mut State::default());
        assert_eq!(rest, 0);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn only_terminals_that_say_so_get_256_colours() {
        assert_eq!(depth(Some("xterm-256color"), None), Depth::Many);
        assert_eq!(depth(Some("xterm"), Some("truecolor")), Depth::Many);
        assert_eq!(depth(Some("alacritty"), None), Depth::Many);
        for t in ["linux", "vt100", "xterm", "screen", "ansi", "tmux"] {
            assert_eq!(depth(Some(t), None), Depth::Eight, "{t}");
        }
        assert_eq!(depth(None, None), Depth::Eight);
        assert!(erases(Some("xterm")) && erases(Some("linux")) && erases(Some("screen")));
        assert!(!erases(Some("vt100")) && !erases(Some("vt102")) && !erases(None));
        assert!(scrolls(Some("xterm-256color")) && scrolls(Some("tmux-256color")));
        assert!(!scrolls(Some("linux")) && !scrolls(Some("vt100")) && !scrolls(None));
    }

    #[test]
    fn colour_codes_become_basic_ones_and_nothing_else_changes() {
        let input = b"a\x1b[38;5;9mb\x1b[48;5;8m\x1b[1;38;2;1;2;3;4mc\x1b[2J\x1b[0m";
        assert_eq!(
            run(input, Depth::Eight),
            "a\x1b[31mb\x1b[47;1;39;4mc\x1b[2J\x1b[m"
        );
        assert_eq!(
            run(input, Depth::Many),
            "a\x1b[91mb\x1b[100;1;38;2;1;2;3;4mc\x1b[2J\x1b[m"
        );
        // 256-colour codes past the 16 stay on a terminal that reads them.
        assert_eq!(run(b"\x1b[38;5;200m", Depth::Many), "\x1b[38;5;200m");
    }

    #[test]
    fn ratatuis_frame_end_is_one_reset_and_the_cursor_is_hidden_once() {
        let frame = b"\x1b[2;3Hq\x1b[39m\x1b[49m\x1b[59m\x1b[0m\x1b[?25l";
        let mut state = State::default();
        let (first, _) = translate(frame, Depth::Many, &mut state);
        assert_eq!(first, b"\x1b[2;3Hq\x1b[m\x1b[?25l");
        let (second, _) = translate(frame, Depth::Many, &mut state);
        assert_eq!(second, b"\x1b[2;3Hq", "already hidden and reset");
        let (shown, _) = translate(b"\x1b[?25h\x1b[?25l", Depth::Many, &mut state);
        assert_eq!(shown, b"\x1b[?25h\x1b[?25l");
    }

    #[test]
    fn a_reset_where_everything_is_default_is_not_written() {
        let frame = b"\x1b[2;3H\x1b[1;32mq\x1b[39m\x1b[49m\x1b[59m\x1b[0m";
        let mut state = State::default();
        let (first, _) = translate(frame, Depth::Many, &mut state);
        assert_eq!(first, b"\x1b[2;3H\x1b[1;32mq\x1b[m");
        // Bold turned off and the colour reset before the frame's end: the
        // reset has nothing left to do.
        let plain = b"\x1b[5;1H\x1b[1mx\x1b[22my\x1b[39m\x1b[49m\x1b[59m\x1b[0m";
        let (second, _) = translate(plain, Depth::Many, &mut state);
        assert_eq!(second, b"\x1b[5;1H\x1b[1mx\x1b[my");
        // Anything not understood makes the state unknown: the reset stays.
        for unknown in [&b"\x1b[21mz\x1b[0m"[..], b"\x1b[>4;1mz\x1b[0m"] {
            let (out, _) = translate(unknown, Depth::Many, &mut state);
            assert!(
                out.ends_with(b"\x1b[m"),
                "{:?}",
                String::from_utf8_lossy(&out)
            );
        }
        // On 8 colours no underline colour is written: SGR 58 is read there
        // as blink and bold.
        let (eight, _) = translate(
            b"\x1b[58;5;1mu\x1b[59m",
            Depth::Eight,
            &mut State::default(),
        );
        assert_eq!(eight, b"u");
        // An underline colour is one group, and known.
        let (ul, _) = translate(b"\x1b[58;5;9mu\x1b[0m\x1b[0m", Depth::Many, &mut state);
        assert_eq!(ul, b"\x1b[58;5;9mu\x1b[m");
    }

    #[test]
    fn blanks_before_a_move_are_erased_where_the_terminal_can() {
        let frame = b"\x1b[0m\x1b[3;1Hab        \x1b[4;1Hc   \x1b[5;1H\x1b[44m        \x1b[6;1H";
        let mut state = State {
            erase: true,
            ..State::default()
        };
        let (out, _) = translate(frame, Depth::Many, &mut state);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            // Three blanks are shorter written; on a coloured background
            // they are written (an erase would take the colour or not).
            "\x1b[m\x1b[3;1Hab\x1b[8X\x1b[4;1Hc   \x1b[5;1H\x1b[44m        \x1b[6;1H"
        );
        let (plain, _) = translate(frame, Depth::Many, &mut State::default());
        assert!(!String::from_utf8(plain).unwrap().contains('X'));
    }

    #[test]
    fn a_colour_already_set_is_not_set_again() {
        let mut state = State::default();
        let (out, _) = translate(
            b"\x1b[38;5;2;49mq\x1b[39;49m,\x1b[32;49mx\x1b[32mx\x1b[0m\x1b[32m",
            Depth::Many,
            &mut state,
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\x1b[32;49mq\x1b[39m,\x1b[32mxx\x1b[0;32m"
        );
    }

    #[test]
    fn a_reset_is_used_where_it_says_the_same_in_fewer_bytes() {
        let mut state = State::default();
        let (out, _) = translate(
            b"\x1b[0m\x1b[32mq\x1b[39m,\x1b[7;1;36m*\x1b[27;22;4;39mx\x1b[24m \x1b[90m1",
            Depth::Many,
            &mut state,
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            // Green off with nothing else on: a reset. Reverse, bold and
            // cyan off and underline on: a reset and underline; underline
            // off then, alone: a reset again.
            "\x1b[0;32mq\x1b[m,\x1b[7;1;36m*\x1b[0;4mx\x1b[m \x1b[90m1"
        );
        // On 8 colours the grey is faint default text: set after a reset
        // as faint, and a reset from it is the whole default.
        let mut eight = State::default();
        let (out, _) = translate(
            b"\x1b[0m\x1b[1;4;38;5;8mg\x1b[22;24;39mx",
            Depth::Eight,
            &mut eight,
        );
        assert_eq!(String::from_utf8(out).unwrap(), "\x1b[0;1;4mg\x1b[mx");
        // Nothing shorter is guessed while part of the rendition is unknown.
        let mut unknown = State::default();
        let (out, _) = translate(b"\x1b[21m\x1b[32mq\x1b[39m,", Depth::Many, &mut unknown);
        assert_eq!(String::from_utf8(out).unwrap(), "\x1b[21;32mq\x1b[39m,");
    }

    #[test]
    fn sequences_it_does_not_understand_pass_unchanged() {
        // A private marker, colon sub-parameters: as they are, and the
        // colour after them is set again (it is no longer known).
        assert_eq!(run(b"\x1b[>4;1m\x1b[0m", Depth::Many), "\x1b[>4;1m\x1b[m");
        assert_eq!(
            run(b"\x1b[31mx\x1b[38:5:2my\x1b[31mz", Depth::Many),
            "\x1b[31mx\x1b[38:5:2my\x1b[31mz"
        );
        // An escape that is not a CSI, and bytes that end no CSI.
        assert_eq!(run(b"\x1b7a\x1b8", Depth::Many), "\x1b7a\x1b8");
        let (out, rest) = translate(b"a\x1b[\x1b[31mb", Depth::Many, &mut State::default());
        assert_eq!(
            (String::from_utf8(out).unwrap().as_str(), rest),
            ("a\x1b[\x1b[31mb", 0)
        );
    }

    #[test]
    fn a_sequence_split_across_writes_is_held_until_complete() {
        let mut w = Compact::new(Vec::new(), Depth::Eight);
        for piece in [&b"x\x1b"[..], b"[38;", b"5;12", b"mz"] {
            w.write_all(piece).unwrap();
        }
        w.flush().unwrap();
        assert_eq!(w.inner, b"x\x1b[34mz");
        let (out, rest) = translate(b"ok\x1b[38;5", Depth::Eight, &mut State::default());
        assert_eq!((out.as_slice(), rest), (&b"ok"[..], 6));
    }

    #[test]
    fn a_ratatui_frame_has_no_256_colour_code() {
        use ratatui::style::{Color, Style};
        use std::cell::RefCell;
        use std::rc::Rc;
        let seen = Rc::new(RefCell::new(Vec::new()));
        let backend = ratatui::backend::CrosstermBackend::new(Compact::new(
            Shared(seen.clone()),
            Depth::Eight,
        ));
        let mut t = ratatui::Terminal::with_options(
            backend,
            ratatui::TerminalOptions {
                viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 20, 2)),
            },
        )
        .unwrap();
        t.draw(|f| {
            let b = f.buffer_mut();
            b.set_string(0, 0, "error", Style::default().fg(Color::Red));
            b.set_string(0, 1, "border", Style::default().fg(Color::DarkGray));
        })
        .unwrap();
        let out = String::from_utf8_lossy(&seen.borrow()).to_string();
        assert!(!out.contains("38;5;"), "{out:?}");
        assert!(out.contains("\x1b[31;49merror"), "{out:?}");
        // The theme's grey: faint default text.
        assert!(out.contains("\x1b[39;2mborder"), "{out:?}");
    }
}
