//! The one key table: each row is (keys, action, context, description). [`action_for`] dispatches
//! keys through it and the help overlay draws it, so the two cannot disagree.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Everywhere, even while a text field has the keys.
    Always,
    /// Everywhere, unless a text field has the keys.
    Global,
    /// The endpoint list.
    Endpoints,
    /// Saved requests and history.
    Saved,
    /// The request editor.
    Request,
    /// The body editor (ratatui-textarea): listed for the help, its keys go to the editor.
    Body,
    /// A one-line text field (a row, a prompt, a filter): listed for the help.
    Line,
    /// The response viewer.
    Response,
    /// A menu over the panes (the id menu).
    Menu,
    /// The help overlay.
    Help,
    /// The field picker.
    Picker,
    /// The webhooks view.
    Webhooks,
    /// The batch list.
    Batch,
}

impl Context {
    /// Its name in the help.
    pub fn label(self) -> &'static str {
        match self {
            Self::Always => "anywhere",
            Self::Global => "not typing",
            Self::Endpoints => "endpoints",
            Self::Saved => "saved & history",
            Self::Request => "request",
            Self::Body => "body editor",
            Self::Line => "text fields",
            Self::Response => "response",
            Self::Menu => "id menu",
            Self::Help => "this help",
            Self::Picker => "field picker",
            Self::Webhooks => "webhooks",
            Self::Batch => "batch",
        }
    }
}

/// Everything a key can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Leave wpx.
    Quit,
    /// Quit without asking.
    ForceQuit,
    /// Open the switcher of demo apps and environments.
    Switch,
    /// Open the command palette.
    Palette,
    /// Ctrl-Z.
    Suspend,
    /// Send the request, signed now.
    Send,
    /// Cancel the request in flight, close an overlay, leave a filtered view.
    Cancel,
    /// Show or hide the key overlay.
    Help,
    /// Focus the next pane.
    NextPane,
    /// Focus the previous pane.
    PrevPane,
    /// Copy the signed URL.
    CopyUrl,
    /// Copy a curl command.
    CopyCurl,
    /// Copy the support bundle of the last answer.
    CopyDebugInfo,
    /// The token panel (`debug_token`).
    Token,
    /// The field picker (`?metadata=1`).
    PickFields,
    /// The webhooks view.
    Webhooks,
    /// Start or stop the webhook receiver.
    ToggleReceiver,
    /// Replay a delivery.
    Replay,
    /// Follow `paging.next` on the same request.
    NextPage,
    /// Follow `paging.previous`.
    PrevPage,
    /// Fetch every page, merged.
    FetchAll,
    /// Compare the answer with the one before.
    Compare,
    /// Export the answer to a file.
    Export,
    /// Add the request to the batch.
    AddToBatch,
    /// Open the batch.
    Batch,
    /// Headers instead of the body.
    ToggleHeaders,
    /// Save the request into a collection.
    Save,
    /// Endpoints / saved requests and history.
    ToggleSaved,
    /// Move down.
    Down,
    /// Move up.
    Up,
    /// A page down.
    PageDown,
    /// A page up.
    PageUp,
    /// The first row.
    Top,
    /// The last row.
    Bottom,
    /// Open the selected item (an endpoint, a saved request, an id, a fold).
    Open,
    /// Filter the list, search the body.
    Find,
    /// Rename a saved request.
    Rename,
    /// Delete a saved request.
    Delete,
    /// Edit the selected row (or the URL, or the body).
    Edit,
    /// Edit the URL.
    EditUrl,
    /// Turn the selected row on or off; fold a node.
    Toggle,
    /// Add a row to the section.
    AddRow,
    /// Remove the selected row.
    DeleteRow,
    /// The next method.
    NextMethod,
    /// The previous method.
    PrevMethod,
    /// The next section (Params, Headers, Body).
    NextSection,
    /// The previous section.
    PrevSection,
    /// The next body kind.
    BodyKind,
    /// The next of the selected row's choices.
    NextChoice,
    /// Next search match.
    NextMatch,
    /// Previous search match.
    PrevMatch,
    /// jq filter.
    JqFilter,
    /// Filtered / unfiltered body.
    ToggleFiltered,
    /// Copy the value under the cursor.
    CopyValue,
    /// Copy the path of the value under the cursor.
    CopyPath,
    /// Fold everything.
    FoldAll,
    /// Fold at a depth (the digit pressed).
    FoldDepth,
    /// Unfold everything.
    UnfoldAll,
    /// The matching bracket.
    MatchingBracket,
    /// The parent node.
    Parent,
    /// Go to a line.
    GotoLine,
    /// Scroll left.
    ScrollLeft,
    /// Scroll right.
    ScrollRight,
    /// Listed for the help only: the keys go to an editor.
    Describe,
}

/// A key: code and modifiers (Shift is ignored for characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key(pub KeyCode, pub KeyModifiers);

const N: KeyModifiers = KeyModifiers::NONE;
const C: KeyModifiers = KeyModifiers::CONTROL;

const fn ch(c: char) -> Key {
    Key(KeyCode::Char(c), N)
}
const fn ctrl(c: char) -> Key {
    Key(KeyCode::Char(c), C)
}
const fn code(k: KeyCode) -> Key {
    Key(k, N)
}

/// One row of the table.
pub struct Binding {
    /// The keys that trigger it.
    pub keys: &'static [Key],
    /// The keys as the help shows them.
    pub label: &'static str,
    /// What they do.
    pub action: Action,
    /// Where.
    pub context: Context,
    /// The help's words.
    pub desc: &'static str,
}

macro_rules! b {
    ($ctx:ident, $label:expr, [$($k:expr),* $(,)?], $action:ident, $desc:expr) => {
        Binding {
            keys: &[$($k),*],
            label: $label,
            action: Action::$action,
            context: Context::$ctx,
            desc: $desc,
        }
    };
}

const DIGITS: [Key; 9] = [
    ch('1'),
    ch('2'),
    ch('3'),
    ch('4'),
    ch('5'),
    ch('6'),
    ch('7'),
    ch('8'),
    ch('9'),
];

/// Every key wpx knows, in help order within each context.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    b!(Always, "Ctrl-S / F5", [ctrl('s'), code(KeyCode::F(5))], Send, "send the request (a fresh proof every time)"),
    b!(Always, "Ctrl-C", [ctrl('c')], ForceQuit, "quit at once"),
    b!(Always, "Ctrl-Z", [ctrl('z')], Suspend, "suspend (fg resumes)"),
    b!(Global, "Esc", [code(KeyCode::Esc)], Cancel, "cancel the request, close a menu or the filtered view"),
    b!(Global, "Tab", [code(KeyCode::Tab)], NextPane, "next pane"),
    b!(Global, "Shift-Tab", [code(KeyCode::BackTab)], PrevPane, "previous pane"),
    b!(Global, "y", [ch('y')], CopyUrl, "copy the signed URL (token included, valid 5 min)"),
    b!(Global, "Y", [ch('Y')], CopyCurl, "copy a curl command using $WPX_ACCESS_TOKEN"),
    b!(Global, "I", [ch('I')], CopyDebugInfo, "copy debug information for a bug report (no token, proof or secret)"),
    b!(Global, "T", [ch('T')], Token, "the token: type, app, scopes, expiry, validity (debug_token)"),
    b!(Global, "F", [ch('F')], PickFields, "pick fields= from the node's ?metadata=1 list (signed)"),
    b!(Global, "W", [ch('W')], Webhooks, "webhooks: receive deliveries here and see them live"),
    b!(Global, "]", [ch(']')], NextPage, "next page: the cursor on the same request, re-signed"),
    b!(Global, "[", [ch('[')], PrevPage, "previous page"),
    b!(Global, "}", [ch('}')], FetchAll, "fetch every page into one document (Esc stops)"),
    b!(Global, "E", [ch('E')], Export, "export the answer: .json, .jsonl or .csv"),
    b!(Global, "b", [ch('b')], AddToBatch, "add the request to the batch (as opN)"),
    b!(Global, "B", [ch('B')], Batch, "the batch: Enter sends it as one request"),
    b!(Global, "=", [ch('=')], Compare, "compare with the answer before (n/N, f)"),
    b!(Global, "H", [ch('H')], ToggleHeaders, "response headers / body"),
    b!(Global, "s", [ch('s')], Save, "save the request (COLLECTION/NAME)"),
    b!(Global, "o", [ch('o')], ToggleSaved, "endpoints / saved requests and history"),
    b!(Global, "P", [ch('P')], Switch, "switch profile, demo app or environment (the request stays)"),
    b!(Global, "Ctrl-P", [ctrl('p')], Palette, "command palette: find any action, endpoint, saved request, app"),
    b!(Global, "u", [ch('u')], EditUrl, "type the path or a full URL (?a=1 becomes rows)"),
    b!(Global, "?", [ch('?')], Help, "this help"),
    b!(Global, "q", [ch('q')], Quit, "quit (asks once about unsaved edits)"),
    b!(Endpoints, "j ↓", [ch('j'), code(KeyCode::Down)], Down, "next endpoint"),
    b!(Endpoints, "k ↑", [ch('k'), code(KeyCode::Up)], Up, "previous endpoint"),
    b!(Endpoints, "PgDn", [code(KeyCode::PageDown)], PageDown, "a page down"),
    b!(Endpoints, "PgUp", [code(KeyCode::PageUp)], PageUp, "a page up"),
    b!(Endpoints, "g / Home", [ch('g'), code(KeyCode::Home)], Top, "first endpoint"),
    b!(Endpoints, "G / End", [ch('G'), code(KeyCode::End)], Bottom, "last endpoint"),
    b!(Endpoints, "Enter", [code(KeyCode::Enter)], Open, "open it in the request pane"),
    b!(Endpoints, "/", [ch('/')], Find, "filter (Esc clears)"),
    b!(Saved, "j ↓", [ch('j'), code(KeyCode::Down)], Down, "next"),
    b!(Saved, "k ↑", [ch('k'), code(KeyCode::Up)], Up, "previous"),
    b!(Saved, "PgDn", [code(KeyCode::PageDown)], PageDown, "a page down"),
    b!(Saved, "PgUp", [code(KeyCode::PageUp)], PageUp, "a page up"),
    b!(Saved, "g / Home", [ch('g'), code(KeyCode::Home)], Top, "first"),
    b!(Saved, "G / End", [ch('G'), code(KeyCode::End)], Bottom, "last"),
    b!(Saved, "Enter", [code(KeyCode::Enter)], Open, "open it (history: with the response it got)"),
    b!(Saved, "/", [ch('/')], Find, "filter (Esc clears)"),
    b!(Saved, "R", [ch('R')], Rename, "rename a saved request"),
    b!(Saved, "D D", [ch('D')], Delete, "delete a saved request (press twice)"),
    b!(Request, "j ↓", [ch('j'), code(KeyCode::Down)], Down, "next row"),
    b!(Request, "k ↑", [ch('k'), code(KeyCode::Up)], Up, "previous row"),
    b!(Request, "l →", [ch('l'), code(KeyCode::Right)], NextSection, "next section: Params, Headers, Body"),
    b!(Request, "h ←", [ch('h'), code(KeyCode::Left)], PrevSection, "previous section"),
    b!(Request, "Enter / e", [code(KeyCode::Enter), ch('e')], Edit, "edit the row, the URL or the body"),
    b!(Request, "m", [ch('m')], NextMethod, "next method (GET POST PUT PATCH DELETE HEAD OPTIONS)"),
    b!(Request, "M", [ch('M')], PrevMethod, "previous method"),
    b!(Request, "Space", [ch(' ')], Toggle, "turn the row on or off"),
    b!(Request, "a", [ch('a')], AddRow, "add a row (name=value, or Name: value)"),
    b!(Request, "d / Delete", [ch('d'), code(KeyCode::Delete)], DeleteRow, "remove the row"),
    b!(Request, "t", [ch('t')], BodyKind, "body: none, JSON, form, raw"),
    b!(Request, "c", [ch('c')], NextChoice, "next choice of the row (enum, true/false)"),
    b!(Line, "← → Home End", [], Describe, "move; Ctrl-A/E start/end, Alt-B/F by word"),
    b!(Line, "Ctrl-U / Ctrl-K", [], Describe, "delete to the start / to the end"),
    b!(Line, "Ctrl-W / Alt-D", [], Describe, "delete the word before / after; Ctrl-Y puts it back"),
    b!(Line, "Enter / Esc", [], Describe, "keep / drop the edit"),
    b!(Line, "typing", [], Describe, "replaces a highlighted suggestion; ← → keep it"),
    b!(Body, "arrows, Home End", [], Describe, "move; Ctrl-A/E line start/end, Alt-B/F by word"),
    b!(Body, "Ctrl-U / Ctrl-R", [], Describe, "undo / redo"),
    b!(Body, "Ctrl-K / Ctrl-W", [], Describe, "delete to the end of the line / the word before"),
    b!(Body, "Esc", [], Describe, "leave the editor (the text is kept)"),
    b!(Menu, "j ↓", [ch('j'), code(KeyCode::Down)], Down, "next endpoint"),
    b!(Menu, "k ↑", [ch('k'), code(KeyCode::Up)], Up, "previous endpoint"),
    b!(Menu, "Enter", [code(KeyCode::Enter)], Open, "open it with the id filled in"),
    b!(Menu, "Esc / q", [code(KeyCode::Esc), ch('q')], Cancel, "close the menu"),
    b!(Picker, "j ↓", [ch('j'), code(KeyCode::Down)], Down, "next field"),
    b!(Picker, "k ↑", [ch('k'), code(KeyCode::Up)], Up, "previous field"),
    b!(Picker, "PgDn", [code(KeyCode::PageDown)], PageDown, "a page down"),
    b!(Picker, "PgUp", [code(KeyCode::PageUp)], PageUp, "a page up"),
    b!(Picker, "Space", [ch(' ')], Toggle, "tick or untick the field"),
    b!(Picker, "/", [ch('/')], Find, "filter by name, type or description"),
    b!(Picker, "Enter", [code(KeyCode::Enter)], Open, "set fields= to the ticked fields"),
    b!(Picker, "Esc / q", [code(KeyCode::Esc), ch('q')], Cancel, "leave; fields= stays as it was"),
    b!(Batch, "j ↓", [ch('j'), code(KeyCode::Down)], Down, "next operation"),
    b!(Batch, "k ↑", [ch('k'), code(KeyCode::Up)], Up, "previous operation"),
    b!(Batch, "d", [ch('d')], Delete, "remove the operation"),
    b!(Batch, "Enter", [code(KeyCode::Enter)], Open, "send every operation as one signed batch"),
    b!(Batch, "Esc / q", [code(KeyCode::Esc), ch('q')], Cancel, "close; the batch stays"),
    b!(Webhooks, "j ↓", [ch('j'), code(KeyCode::Down)], Down, "older delivery"),
    b!(Webhooks, "k ↑", [ch('k'), code(KeyCode::Up)], Up, "newer delivery"),
    b!(Webhooks, "s", [ch('s')], ToggleReceiver, "start or stop the receiver (127.0.0.1:8787/webhook)"),
    b!(Webhooks, "Enter", [code(KeyCode::Enter)], Open, "open the payload in the viewer"),
    b!(Webhooks, "r", [ch('r')], Replay, "replay it to a URL, signed anew with the app secret"),
    b!(Webhooks, "Esc / q", [code(KeyCode::Esc), ch('q')], Cancel, "close the view (the receiver keeps running)"),
    b!(Help, "j ↓", [ch('j'), code(KeyCode::Down)], Down, "scroll the help"),
    b!(Help, "k ↑", [ch('k'), code(KeyCode::Up)], Up, "scroll back"),
    b!(Help, "PgDn", [code(KeyCode::PageDown)], PageDown, "a page down"),
    b!(Help, "PgUp", [code(KeyCode::PageUp)], PageUp, "a page up"),
    b!(Help, "any other key", [], Describe, "closes the help"),
    b!(Response, "j ↓", [ch('j'), code(KeyCode::Down)], Down, "next line"),
    b!(Response, "k ↑", [ch('k'), code(KeyCode::Up)], Up, "previous line"),
    b!(Response, "PgDn / Ctrl-D", [code(KeyCode::PageDown), ctrl('d')], PageDown, "a page down"),
    b!(Response, "PgUp / Ctrl-U", [code(KeyCode::PageUp), ctrl('u')], PageUp, "a page up"),
    b!(Response, "g / Home", [ch('g'), code(KeyCode::Home)], Top, "top"),
    b!(Response, "G / End", [ch('G'), code(KeyCode::End)], Bottom, "bottom"),
    b!(Response, "Enter", [code(KeyCode::Enter)], Open, "open an id's endpoints, fold a node"),
    b!(Response, "Space", [ch(' ')], Toggle, "fold or unfold the node"),
    b!(Response, "/", [ch('/')], Find, "search"),
    b!(Response, "n", [ch('n')], NextMatch, "next match"),
    b!(Response, "N", [ch('N')], PrevMatch, "previous match"),
    b!(Response, "|", [ch('|')], JqFilter, "jq filter"),
    b!(Response, "f", [ch('f')], ToggleFiltered, "filtered / unfiltered body"),
    b!(Response, "c", [ch('c')], CopyValue, "copy the value"),
    b!(Response, "C", [ch('C')], CopyPath, "copy its path (.data[3].name)"),
    b!(Response, "z", [ch('z')], FoldAll, "fold all"),
    Binding {
        keys: &DIGITS,
        label: "1-9",
        action: Action::FoldDepth,
        context: Context::Response,
        desc: "fold at that depth",
    },
    b!(Response, "0", [ch('0')], UnfoldAll, "unfold all"),
    b!(Response, "%", [ch('%')], MatchingBracket, "matching bracket"),
    b!(Response, "p", [ch('p')], Parent, "parent"),
    b!(Response, ":", [ch(':')], GotoLine, "go to line"),
    b!(Response, "h ←", [ch('h'), code(KeyCode::Left)], ScrollLeft, "scroll left"),
    b!(Response, "l →", [ch('l'), code(KeyCode::Right)], ScrollRight, "scroll right"),
];

fn matches(k: &Key, key: &KeyEvent) -> bool {
    let mods = match key.code {
        // Shift is part of the character (`G`, `?`, `|`) and of BackTab.
        KeyCode::Char(_) | KeyCode::BackTab => key.modifiers - KeyModifiers::SHIFT,
        _ => key.modifiers,
    };
    k.0 == key.code && k.1 == mods
}

/// The action of `key` in `context`. While a text field has the keys (`typing`), only the
/// `Always` bindings act. The pane's own bindings come before the global ones.
pub fn action_for(key: &KeyEvent, context: Context, typing: bool) -> Option<Action> {
    let find = |ctx: Context| {
        BINDINGS
            .iter()
            .filter(|b| b.context == ctx && b.action != Action::Describe)
            .find(|b| b.keys.iter().any(|k| matches(k, key)))
            .map(|b| b.action)
    };
    if let Some(a) = find(Context::Always) {
        return Some(a);
    }
    if typing {
        return None;
    }
    find(context).or_else(|| find(Context::Global))
}

/// The action of `key` in a menu or overlay's own `context` (no global keys but the `Always` ones).
pub fn action_in(key: &KeyEvent, context: Context) -> Option<Action> {
    BINDINGS
        .iter()
        .filter(|b| b.context == context || b.context == Context::Always)
        .filter(|b| b.action != Action::Describe)
        .find(|b| b.keys.iter().any(|k| matches(k, key)))
        .map(|b| b.action)
}

/// The bindings of `first` first, then the global ones, then the rest (for the help).
pub fn help_order(first: Context) -> Vec<&'static Binding> {
    help_order_in(first, true)
}

/// The bindings for the help of `wpx view` (the viewer alone): the viewer's keys and the few
/// global ones that apply there.
pub fn view_help_order() -> Vec<&'static Binding> {
    help_order_in(Context::Response, false)
}

fn help_order_in(first: Context, explorer: bool) -> Vec<&'static Binding> {
    let rank = |c: Context| match c {
        c if c == first => 0,
        Context::Always | Context::Global => 1,
        Context::Line => 2,
        Context::Body if first == Context::Request => 0,
        _ => 3,
    };
    let viewer = |b: &&Binding| {
        explorer
            || match b.context {
                Context::Response | Context::Line => true,
                Context::Always | Context::Global => matches!(
                    b.action,
                    Action::Quit
                        | Action::ForceQuit
                        | Action::Suspend
                        | Action::Help
                        | Action::Cancel
                ),
                _ => false,
            }
    };
    let mut all: Vec<&Binding> = BINDINGS.iter().filter(viewer).collect();
    all.sort_by_key(|b| rank(b.context));
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn typing_keeps_only_the_always_keys() {
        let q = k(KeyCode::Char('q'), N);
        assert_eq!(action_for(&q, Context::Request, false), Some(Action::Quit));
        assert_eq!(action_for(&q, Context::Request, true), None);
        assert_eq!(
            action_for(&k(KeyCode::Char('s'), C), Context::Request, true),
            Some(Action::Send)
        );
        assert_eq!(
            action_for(&k(KeyCode::Tab, N), Context::Request, true),
            None
        );
        assert_eq!(
            action_for(&k(KeyCode::Esc, N), Context::Request, true),
            None
        );
    }

    #[test]
    fn the_pane_comes_before_the_global_keys() {
        let c = k(KeyCode::Char('c'), N);
        assert_eq!(
            action_for(&c, Context::Request, false),
            Some(Action::NextChoice)
        );
        assert_eq!(
            action_for(&c, Context::Response, false),
            Some(Action::CopyValue)
        );
        let g = k(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(
            action_for(&g, Context::Response, false),
            Some(Action::Bottom)
        );
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                let shared = a.context == b.context
                    || matches!(
                        (a.context, b.context),
                        (Context::Always, _) | (_, Context::Always)
                    );
                if shared {
                    for key in a.keys {
                        assert!(
                            !b.keys.contains(key),
                            "{key:?} in {} and {}",
                            a.label,
                            b.label
                        );
                    }
                }
            }
        }
    }
}
