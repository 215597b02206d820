//! The response viewer as a pane: the viewer state, its prompts (search, jq filter, go to line),
//! and its keys. Key handling returns effects; the app runs them and reports back by message.

use std::sync::Arc;

use crossterm::event::KeyEvent;

use crate::core::doc::Document;
use crate::core::doc::search::Match;
use crate::core::doc::viewer::Viewer;
use crate::tui::keymap::Action;
use crate::tui::widgets::line_input::{InputOutcome, LineInput};

/// What the pane asks the app to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaneEffect {
    /// Search the document (cancelling any running search); `id` tags the answer.
    Search {
        /// Tag for the answer.
        id: u64,
        /// The query.
        query: String,
    },
    /// Stop a running search.
    CancelSearch,
    /// Stop the running jq filter.
    CancelFilter,
    /// Run a jq filter over the unfiltered body.
    Filter {
        /// Tag for the answer.
        id: u64,
        /// The expression.
        expr: String,
    },
    /// Copy text.
    Copy {
        /// The text.
        text: String,
        /// What it is, for the status bar ("value", "path").
        what: &'static str,
    },
}

/// A one-line prompt at the bottom of the pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    /// `/` search, incremental.
    Search(LineInput),
    /// `|` jq filter, runs on Enter.
    Filter(LineInput),
    /// `:` go to line.
    Goto(LineInput),
}

/// The viewer pane.
#[derive(Debug, Clone)]
pub struct ViewerPane {
    /// The document as received.
    pub original: Viewer,
    /// The filtered document and its expression, when a filter ran.
    pub filtered: Option<(String, Viewer)>,
    /// Showing the filtered document.
    pub show_filtered: bool,
    /// The open prompt.
    pub prompt: Option<Prompt>,
    /// A message under the document (filter errors, counts).
    pub note: Option<String>,
    /// The last search query.
    pub query: String,
    /// A search is running.
    pub searching: bool,
    /// The last filter expression.
    pub last_filter: String,
    next_id: u64,
    search_id: u64,
    filter_id: u64,
    /// A filter is running.
    pub filtering: bool,
    compare_id: u64,
    /// What the answer is compared with (`=`), for its messages.
    against: String,
    /// The marks n/N go through are a comparison's changes, not a search's matches.
    changes: bool,
}

impl ViewerPane {
    /// A pane over a document.
    pub fn new(doc: Arc<Document>) -> Self {
        Self {
            original: Viewer::new(doc),
            filtered: None,
            show_filtered: false,
            prompt: None,
            note: None,
            query: String::new(),
            searching: false,
            last_filter: String::new(),
            next_id: 0,
            search_id: 0,
            filter_id: 0,
            filtering: false,
            compare_id: 0,
            against: String::new(),
            changes: false,
        }
    }

    /// The viewer on screen.
    pub fn viewer(&self) -> &Viewer {
        match (&self.filtered, self.show_filtered) {
            (Some((_, v)), true) => v,
            _ => &self.original,
        }
    }

    /// The viewer on screen, mutable.
    pub fn viewer_mut(&mut self) -> &mut Viewer {
        match (&mut self.filtered, self.show_filtered) {
            (Some((_, v)), true) => v,
            _ => &mut self.original,
        }
    }

    /// True while a prompt takes the keys.
    pub fn editing(&self) -> bool {
        self.prompt.is_some()
    }

    fn id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    fn search(&mut self, query: String) -> Vec<PaneEffect> {
        self.query.clone_from(&query);
        if query.is_empty() {
            self.searching = false;
            self.viewer_mut().clear_matches();
            return vec![PaneEffect::CancelSearch];
        }
        self.search_id = self.id();
        self.searching = true;
        vec![PaneEffect::Search {
            id: self.search_id,
            query,
        }]
    }

    /// A search finished; stale answers are ignored. `None` means it was cancelled.
    pub fn search_done(&mut self, id: u64, matches: Option<Vec<Match>>) {
        if id != self.search_id {
            return;
        }
        self.searching = false;
        if let Some(m) = matches {
            self.changes = false;
            let n = m.len();
            self.viewer_mut().set_matches(Arc::new(m));
            self.note = Some(if n == 0 {
                format!("no match for '{}'", self.query)
            } else {
                format!("{n} matches for '{}'", self.query)
            });
        }
    }

    /// A filter finished; stale answers are ignored.
    /// Starts comparison `id` (an id of the model, so that an answer meant for another pane
    /// never lands on this one).
    pub fn start_compare(&mut self, id: u64, against: &str) {
        self.compare_id = id;
        self.against = against.to_owned();
        self.note = Some(format!("comparing with {against}…"));
    }

    /// The changes came: they are highlighted in the answer (n/N go through them), and `f`
    /// shows their list.
    pub fn compare_done(
        &mut self,
        id: u64,
        result: Result<Box<crate::core::doc::compare::Compared>, String>,
    ) {
        if id != self.compare_id {
            return;
        }
        match result {
            Ok(c) if c.equal => {
                self.original.clear_matches();
                self.note = Some(format!(
                    "the same as {} (by value: key order aside)",
                    self.against
                ));
            }
            Ok(c) => {
                let places = c.marks.len();
                self.show_filtered = false;
                self.query.clear();
                self.original.set_matches(Arc::new(c.marks));
                self.changes = true;
                let mut list = Viewer::new(Arc::new(c.list));
                list.set_height(self.original_height());
                list.set_width(self.original.width());
                self.filtered = Some(("changes".to_owned(), list));
                self.note = Some(format!(
                    "{} · compared with {} · n/N visit the {places} {} with changes · f lists them",
                    c.summary,
                    self.against,
                    if places == 1 { "line" } else { "lines" }
                ));
            }
            Err(e) => self.note = Some(e),
        }
    }

    pub fn filter_done(&mut self, id: u64, result: Result<(Arc<Document>, usize), String>) {
        if id != self.filter_id {
            return;
        }
        self.filtering = false;
        match result {
            Ok((doc, outputs)) => {
                let mut v = Viewer::new(doc);
                v.set_height(self.original_height());
                v.set_width(self.original.width());
                self.filtered = Some((self.last_filter.clone(), v));
                self.show_filtered = true;
                self.note = Some(format!(
                    "filter {}: {outputs} result{}; f shows the unfiltered body",
                    self.last_filter,
                    if outputs == 1 { "" } else { "s" }
                ));
            }
            Err(e) => {
                // Never the previous filter's result under the new filter's name.
                self.filtered = None;
                self.show_filtered = false;
                self.note = Some(e);
            }
        }
    }

    fn original_height(&self) -> usize {
        self.original.rows(1).len().max(1)
    }

    /// Sets the rows available to the document.
    pub fn set_size(&mut self, h: usize, w: usize) {
        self.original.set_height(h);
        self.original.set_width(w);
        if let Some((_, v)) = &mut self.filtered {
            v.set_height(h);
            v.set_width(w);
        }
    }

    /// The open prompt's text field.
    pub fn prompt_input(&self) -> Option<&LineInput> {
        match self.prompt.as_ref()? {
            Prompt::Search(t) | Prompt::Filter(t) | Prompt::Goto(t) => Some(t),
        }
    }

    /// A key while a prompt (search, jq, go to line) is open.
    pub fn prompt_key(&mut self, key: KeyEvent) -> Vec<PaneEffect> {
        let Some(prompt) = self.prompt.as_mut() else {
            return Vec::new();
        };
        let input = match prompt {
            Prompt::Search(t) | Prompt::Filter(t) | Prompt::Goto(t) => t,
        };
        match input.handle_key(key) {
            InputOutcome::Cancel => {
                let was_search = matches!(self.prompt, Some(Prompt::Search(_)));
                self.prompt = None;
                if was_search {
                    return self.search(String::new());
                }
                Vec::new()
            }
            InputOutcome::Submit => {
                let prompt = self.prompt.take();
                match prompt {
                    Some(Prompt::Filter(expr)) if !expr.text().trim().is_empty() => {
                        self.last_filter = expr.text().trim().to_owned();
                        self.filter_id = self.id();
                        self.note = Some(format!("running {}… (Esc stops it)", self.last_filter));
                        self.filtering = true;
                        vec![PaneEffect::Filter {
                            id: self.filter_id,
                            expr: self.last_filter.clone(),
                        }]
                    }
                    Some(Prompt::Goto(n)) => {
                        let n = n.text();
                        match n.trim().parse::<usize>() {
                            Ok(n) => self.viewer_mut().goto_line(n),
                            Err(_) => self.note = Some(format!("'{n}' is not a line number")),
                        }
                        Vec::new()
                    }
                    _ => Vec::new(),
                }
            }
            InputOutcome::Changed => {
                let t = input.text();
                if matches!(self.prompt, Some(Prompt::Search(_))) {
                    self.search(t)
                } else {
                    Vec::new()
                }
            }
            InputOutcome::Moved | InputOutcome::Ignored => Vec::new(),
        }
    }

    /// Stops the running filter (Esc); its answer, if one still comes, is ignored.
    pub fn cancel_filter(&mut self) -> Vec<PaneEffect> {
        if !self.filtering {
            return Vec::new();
        }
        self.filtering = false;
        self.filter_id = self.id();
        self.note = Some(format!("filter {} stopped", self.last_filter));
        vec![PaneEffect::CancelFilter]
    }

    /// Pasted text goes into an open prompt.
    pub fn paste(&mut self, s: &str) -> Vec<PaneEffect> {
        match self.prompt.as_mut() {
            Some(Prompt::Search(t)) => {
                t.paste(s);
                let t = t.text();
                self.search(t)
            }
            Some(Prompt::Filter(t) | Prompt::Goto(t)) => {
                t.paste(s);
                Vec::new()
            }
            None => Vec::new(),
        }
    }

    /// Runs an action of the key table; `digit` is the digit pressed for [`Action::FoldDepth`].
    pub fn on_action(&mut self, action: Action, digit: Option<u32>) -> Vec<PaneEffect> {
        let v = self.viewer_mut();
        match action {
            Action::Down => v.down(1),
            Action::Up => v.up(1),
            Action::PageDown => v.page_down(),
            Action::PageUp => v.page_up(),
            Action::Top => v.home(),
            Action::Bottom => v.end(),
            Action::ScrollLeft => v.scroll_horizontal(-8),
            Action::ScrollRight => v.scroll_horizontal(8),
            Action::Toggle => v.toggle_fold(),
            Action::Open if v.on_container() => v.toggle_fold(),
            Action::MatchingBracket => v.matching_bracket(),
            Action::Parent => v.parent(),
            Action::UnfoldAll => v.unfold_all(),
            Action::FoldAll => v.fold_all(),
            Action::FoldDepth => v.fold_depth(digit.unwrap_or(1)),
            Action::NextMatch => v.next_match(),
            Action::PrevMatch => v.prev_match(),
            Action::Find => self.prompt = Some(Prompt::Search(LineInput::default())),
            Action::JqFilter => {
                self.prompt = Some(Prompt::Filter(LineInput::suggested(
                    self.last_filter.clone(),
                )))
            }
            Action::GotoLine => self.prompt = Some(Prompt::Goto(LineInput::default())),
            Action::ToggleFiltered if self.filtered.is_some() => {
                self.show_filtered = !self.show_filtered;
                let name = self.filtered.as_ref().map_or("", |(n, _)| n.as_str());
                self.note = Some(if self.show_filtered {
                    format!("filtered: {name}")
                } else {
                    "unfiltered body".to_owned()
                });
            }
            Action::CopyValue => {
                return match self.viewer().value_at_cursor() {
                    Some(text) => vec![PaneEffect::Copy {
                        text,
                        what: "value",
                    }],
                    None => Vec::new(),
                };
            }
            Action::CopyPath => {
                return match self.viewer().path_at_cursor() {
                    Some(text) => vec![PaneEffect::Copy { text, what: "path" }],
                    None => Vec::new(),
                };
            }
            _ => {}
        }
        Vec::new()
    }

    /// A status line: position, document kind, search and filter state.
    pub fn status(&self) -> String {
        let v = self.viewer();
        let mut s = format!(
            "line {}/{} · {}",
            v.cursor + 1,
            v.doc().len(),
            v.doc().describe()
        );
        let (n, cur) = v.match_status();
        if self.searching {
            s.push_str(&format!(" · searching '{}'…", self.query));
        } else if n > 0 && self.changes {
            s.push_str(&format!(" · change {}/{n}", cur.unwrap_or(0)));
        } else if n > 0 {
            s.push_str(&format!(" · match {}/{n}", cur.unwrap_or(0)));
        }
        if self.show_filtered {
            let name = self.filtered.as_ref().map_or("", |(n, _)| n.as_str());
            s.push_str(&format!(" · filter {name}"));
        }
        s
    }
}

#[cfg(test)]
#[path = "viewer_tests.rs"]
mod tests;
