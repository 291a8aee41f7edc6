//! What a run prints: one group per label, as GitHub Actions folds them (`::group::` …
//! `::endgroup::`), plain headed sections elsewhere.

/// Where a run's lines go.
pub struct RunLog {
    github_actions: bool,
    sink: Box<dyn FnMut(&str) + Send>,
}

impl RunLog {
    pub fn new(github_actions: bool, sink: impl FnMut(&str) + Send + 'static) -> Self {
        Self {
            github_actions,
            sink: Box::new(sink),
        }
    }

    /// Lines to standard output.
    pub fn stdout(github_actions: bool) -> Self {
        Self::new(github_actions, |line| println!("{line}"))
    }

    pub fn group(&mut self, title: &str) {
        if self.github_actions {
            (self.sink)(&format!("::group::{title}"));
        } else {
            (self.sink)(&format!("== {title}"));
        }
    }

    pub fn end_group(&mut self) {
        if self.github_actions {
            (self.sink)("::endgroup::");
        }
    }

    pub fn line(&mut self, line: &str) {
        (self.sink)(line);
    }

    /// A warning GitHub shows on the run's summary page.
    pub fn warning(&mut self, message: &str) {
        if self.github_actions {
            (self.sink)(&format!("::warning::{message}"));
        } else {
            (self.sink)(&format!("warning: {message}"));
        }
    }

    pub fn error(&mut self, message: &str) {
        if self.github_actions {
            (self.sink)(&format!("::error::{message}"));
        } else {
            (self.sink)(&format!("error: {message}"));
        }
    }
}
