//! Collecting the signals of one file, within bounds.
//!
//! A training log can print the same warning every step. Each file keeps at most
//! [`MAX_PER_KIND`] error lines and as many warning lines (the first ones, so an error after a
//! flood of warnings is still reported), and each line's text is cut at [`MAX_TEXT_CHARS`]
//! characters (with `…`). The status is decided over every line regardless.

use hugflow_core::runs::{Signal, SignalKind};

/// Signals of each kind kept per file.
pub const MAX_PER_KIND: usize = 100;
/// Characters of a line kept in a signal.
pub const MAX_TEXT_CHARS: usize = 1000;

#[derive(Debug, Default)]
pub struct SignalSink {
    signals: Vec<Signal>,
    errors: usize,
    warnings: usize,
}

impl SignalSink {
    pub fn push(&mut self, mut signal: Signal) {
        let count = match signal.kind {
            SignalKind::Error => &mut self.errors,
            SignalKind::Warning => &mut self.warnings,
        };
        *count += 1;
        if *count > MAX_PER_KIND {
            return;
        }
        if let Some((cut, _)) = signal.text.char_indices().nth(MAX_TEXT_CHARS) {
            signal.text.truncate(cut);
            signal.text.push('…');
        }
        self.signals.push(signal);
    }

    pub fn into_vec(self) -> Vec<Signal> {
        self.signals
    }
}
