//! The key table: it dispatches the global keys and it is what the `?` overlay lists, so the help
//! can never disagree with the keys.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A global action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Leave wpx.
    Quit,
    /// Show or hide the key overlay.
    Help,
    /// Focus the next pane.
    NextPane,
    /// Focus the previous pane.
    PrevPane,
    /// Send the request, signed now.
    Send,
    /// Copy the signed URL.
    CopyUrl,
    /// Copy a curl command that reads the token from the environment.
    CopyCurl,
    /// Follow `paging.next`.
    NextPage,
    /// Follow `paging.previous`.
    PrevPage,
    /// Cancel the request in flight, or leave editing.
    Cancel,
    /// Show the response headers instead of the body.
    ToggleHeaders,
    /// Save the request into a collection.
    Save,
    /// Switch the left pane between endpoints and saved requests.
    ToggleSaved,
}

/// One row of the key table.
pub struct Binding {
    /// The keys, as shown in the help.
    pub keys: &'static str,
    /// What they do.
    pub desc: &'static str,
    /// The action (`None`: a pane key, listed for the help only).
    pub action: Option<Action>,
    /// Where it applies.
    pub context: &'static str,
}

/// Every key wpx knows, in help order.
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: "Ctrl-S / F5",
        desc: "send the request (a fresh proof every time)",
        action: Some(Action::Send),
        context: "anywhere",
    },
    Binding {
        keys: "Tab / Shift-Tab",
        desc: "next / previous pane",
        action: Some(Action::NextPane),
        context: "anywhere",
    },
    Binding {
        keys: "y",
        desc: "copy the signed URL (token included, valid 5 min)",
        action: Some(Action::CopyUrl),
        context: "not editing",
    },
    Binding {
        keys: "Y",
        desc: "copy a curl command using $WPX_ACCESS_TOKEN",
        action: Some(Action::CopyCurl),
        context: "not editing",
    },
    Binding {
        keys: "] / [",
        desc: "next / previous page (paging.next, re-signed)",
        action: Some(Action::NextPage),
        context: "not editing",
    },
    Binding {
        keys: "H",
        desc: "response headers / body",
        action: Some(Action::ToggleHeaders),
        context: "not editing",
    },
    Binding {
        keys: "s",
        desc: "save the request (COLLECTION/NAME)",
        action: Some(Action::Save),
        context: "not editing",
    },
    Binding {
        keys: "o",
        desc: "endpoints / saved requests and history",
        action: Some(Action::ToggleSaved),
        context: "not editing",
    },
    Binding {
        keys: "Esc",
        desc: "cancel the request, leave editing or a prompt",
        action: Some(Action::Cancel),
        context: "anywhere",
    },
    Binding {
        keys: "?",
        desc: "this help",
        action: Some(Action::Help),
        context: "not editing",
    },
    Binding {
        keys: "q / Ctrl-C",
        desc: "quit (Ctrl-C always)",
        action: Some(Action::Quit),
        context: "not editing",
    },
    Binding {
        keys: "/",
        desc: "filter endpoints / search the response",
        action: None,
        context: "endpoints, response",
    },
    Binding {
        keys: "Enter",
        desc: "open an endpoint, edit a field, open an id, fold",
        action: None,
        context: "by pane",
    },
    Binding {
        keys: "j k ↑ ↓",
        desc: "move",
        action: None,
        context: "lists, response",
    },
    Binding {
        keys: "Space",
        desc: "toggle a query parameter / fold a node",
        action: None,
        context: "request, response",
    },
    Binding {
        keys: "a / d",
        desc: "add / delete a query parameter",
        action: None,
        context: "request",
    },
    Binding {
        keys: "R / D D",
        desc: "rename / delete a saved request",
        action: None,
        context: "saved",
    },
    Binding {
        keys: "paste",
        desc: "a pasted curl command becomes the request",
        action: None,
        context: "not editing",
    },
    Binding {
        keys: "PgUp PgDn g G",
        desc: "page, top, bottom",
        action: None,
        context: "response",
    },
    Binding {
        keys: "n / N",
        desc: "next / previous match",
        action: None,
        context: "response",
    },
    Binding {
        keys: "| / f",
        desc: "jq filter / show the unfiltered body",
        action: None,
        context: "response",
    },
    Binding {
        keys: "c / C",
        desc: "copy the value / its path (.data[3].name)",
        action: None,
        context: "response",
    },
    Binding {
        keys: "z / 1-9 / 0",
        desc: "fold all / fold at depth / unfold all",
        action: None,
        context: "response",
    },
    Binding {
        keys: "% p :",
        desc: "matching bracket, parent, go to line",
        action: None,
        context: "response",
    },
    Binding {
        keys: "h l ← →",
        desc: "scroll long lines",
        action: None,
        context: "response",
    },
    Binding {
        keys: "Ctrl-Z",
        desc: "suspend (fg to resume)",
        action: None,
        context: "anywhere",
    },
];

/// The global action for a key, when it has one. `editing` is true while a text field or prompt
/// takes the keys: then only Ctrl-S, F5, Esc, Ctrl-C and Tab act.
pub fn action_for(key: &KeyEvent, editing: bool) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('c') if ctrl => Some(Action::Quit),
        KeyCode::Char('s') if ctrl => Some(Action::Send),
        KeyCode::F(5) => Some(Action::Send),
        KeyCode::Esc => Some(Action::Cancel),
        KeyCode::Tab if !editing => Some(Action::NextPane),
        KeyCode::BackTab if !editing => Some(Action::PrevPane),
        _ if editing || ctrl => None,
        KeyCode::Char('q') => Some(Action::Quit),
        KeyCode::Char('?') => Some(Action::Help),
        KeyCode::Char('y') => Some(Action::CopyUrl),
        KeyCode::Char('Y') => Some(Action::CopyCurl),
        KeyCode::Char(']') => Some(Action::NextPage),
        KeyCode::Char('[') => Some(Action::PrevPage),
        KeyCode::Char('H') => Some(Action::ToggleHeaders),
        KeyCode::Char('s') => Some(Action::Save),
        KeyCode::Char('o') => Some(Action::ToggleSaved),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn editing_keeps_only_the_reserved_keys() {
        assert_eq!(
            action_for(&k(KeyCode::Char('q'), KeyModifiers::NONE), false),
            Some(Action::Quit)
        );
        assert_eq!(
            action_for(&k(KeyCode::Char('q'), KeyModifiers::NONE), true),
            None
        );
        assert_eq!(
            action_for(&k(KeyCode::Char('s'), KeyModifiers::CONTROL), true),
            Some(Action::Send)
        );
        assert_eq!(
            action_for(&k(KeyCode::Char('c'), KeyModifiers::CONTROL), true),
            Some(Action::Quit)
        );
        assert_eq!(
            action_for(&k(KeyCode::F(5), KeyModifiers::NONE), true),
            Some(Action::Send)
        );
        assert_eq!(action_for(&k(KeyCode::Tab, KeyModifiers::NONE), true), None);
    }

    #[test]
    fn every_action_is_in_the_help() {
        for a in [
            Action::Quit,
            Action::Help,
            Action::NextPane,
            Action::Send,
            Action::CopyUrl,
            Action::CopyCurl,
            Action::NextPage,
            Action::Cancel,
            Action::ToggleHeaders,
            Action::Save,
            Action::ToggleSaved,
        ] {
            assert!(BINDINGS.iter().any(|b| b.action == Some(a)), "{a:?}");
        }
    }
}
