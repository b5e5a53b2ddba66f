//! Everything the command line prints goes through [`SafeWriter`]: text
//! that came from outside (a server's names and messages, a file's keys and
//! values, a neighbour's file names) cannot move the cursor, retitle or clear
//! the terminal, or hide text. Only the colours connedit itself writes
//! survive; every other escape sequence, C0 control but newline and tab, DEL
//! and C1 is dropped.

use std::io::Write;

/// The SGR sequences connedit writes (diff colours); nothing else passes.
const OWN_SEQUENCES: [&str; 4] = ["\x1b[32m", "\x1b[31m", "\x1b[33m", "\x1b[0m"];

/// JSON for standard output: the same document, with the characters the
/// filter would drop (DEL, C1) written as `\u` escapes, so data passes
/// through [`SafeWriter`] unchanged in meaning. (Outside strings JSON has
/// only ASCII, so every such character is inside a string.)
pub fn json_text(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c == '\u{7f}' || ('\u{80}'..='\u{9f}').contains(&c) || crate::core::scrub::invisible(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// A line-buffered filter in front of a writer.
pub struct SafeWriter<W: Write> {
    inner: W,
    line: Vec<u8>,
    /// Messages (stderr): also without any secret this run read or sent.
    messages: bool,
}

impl<W: Write> SafeWriter<W> {
    /// For data (stdout): documents, diffs, JSON, exactly as produced
    /// (secrets there are masked by where they sit, never by value, which
    /// would damage data that happens to hold the same text).
    pub fn new(inner: W) -> SafeWriter<W> {
        SafeWriter {
            inner,
            line: Vec::new(),
            messages: false,
        }
    }

    /// For messages (stderr): also without any secret value this run read
    /// from or sent to a tenant, whatever printed it.
    pub fn for_messages(inner: W) -> SafeWriter<W> {
        SafeWriter {
            inner,
            line: Vec::new(),
            messages: true,
        }
    }

    /// What was written through the filter, whole.
    pub fn finish(mut self) -> std::io::Result<W>
    where
        W: Default,
    {
        self.flush()?;
        Ok(std::mem::take(&mut self.inner))
    }

    fn emit(&mut self) -> std::io::Result<()> {
        if self.line.is_empty() {
            return Ok(());
        }
        // Most lines: valid UTF-8 with no control character but the line
        // break, and no secret to remove: written as they are.
        if !self.messages
            && let Ok(text) = std::str::from_utf8(&self.line)
            && !crate::core::scrub::any_needs_care(text.trim_end_matches('\n'))
        {
            let done = self.inner.write_all(&self.line);
            self.line.clear();
            return done;
        }
        let text = String::from_utf8_lossy(&self.line).into_owned();
        self.line.clear();
        // Last: no secret this run read or sent, whatever printed it.
        let text = if self.messages {
            crate::io::api::seen::remove(&text)
        } else {
            std::borrow::Cow::Borrowed(text.as_str())
        };
        self.inner.write_all(filter(&text).as_bytes())
    }
}

/// `text` without terminal controls, connedit's own colours kept.
pub fn filter(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('\x1b') {
        out.push_str(&crate::core::scrub::strip_controls(&rest[..i]));
        let tail = &rest[i..];
        if let Some(own) = OWN_SEQUENCES.iter().find(|s| tail.starts_with(**s)) {
            out.push_str(own);
            rest = &tail[own.len()..];
        } else {
            // Drop this one sequence (strip_controls knows where it ends).
            let end = sequence_end(tail);
            rest = &tail[end..];
        }
    }
    out.push_str(&crate::core::scrub::strip_controls(rest));
    out
}

/// The length of the escape sequence `s` starts with (ESC, then a CSI to
/// its final byte, an OSC/DCS/APC/PM to BEL or ST, or one more character).
fn sequence_end(s: &str) -> usize {
    let mut it = s.char_indices().skip(1);
    match it.next() {
        Some((_, '[')) => {
            for (i, c) in it {
                if ('\u{40}'..='\u{7e}').contains(&c) {
                    return i + c.len_utf8();
                }
            }
            s.len()
        }
        Some((_, ']' | 'P' | '_' | '^')) => {
            let mut prev_esc = false;
            for (i, c) in it {
                if c == '\u{7}' || c == '\u{9c}' || (prev_esc && c == '\\') {
                    return i + c.len_utf8();
                }
                prev_esc = c == '\u{1b}';
            }
            s.len()
        }
        Some((i, c)) => i + c.len_utf8(),
        None => s.len(),
    }
}

impl<W: Write> Write for SafeWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        for chunk in buf.split_inclusive(|b| *b == b'\n') {
            self.line.extend_from_slice(chunk);
            if chunk.ends_with(b"\n") {
                self.emit()?;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.emit()?;
        self.inner.flush()
    }
}

impl<W: Write> Drop for SafeWriter<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keeps_its_meaning_through_the_filter() {
        let v = serde_json::json!({"k": "a\u{85}b\u{9b}c\u{7f}"});
        let text = json_text(&v.to_string());
        assert_eq!(filter(&text), text);
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), v);
    }

    #[test]
    fn own_colours_pass_and_nothing_else() {
        let mut buf = Vec::new();
        {
            let mut w = SafeWriter::new(&mut buf);
            // Split across writes, as writeln! does.
            write!(w, "  \x1b[").unwrap();
            write!(w, "32m+ /name: \"evil\x1b]0;pwned\x07\x1b[2J\u{9b}31m\"").unwrap();
            writeln!(w, "\x1b[0m").unwrap();
            write!(w, "prompt? ").unwrap();
            w.flush().unwrap();
        }
        let s = String::from_utf8(buf).unwrap();
        assert_eq!(s, "  \x1b[32m+ /name: \"evil\"\x1b[0m\nprompt? ");
    }
}
