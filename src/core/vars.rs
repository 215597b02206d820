//! The variable chain: where a `{{variable}}` gets its value. Values given now (`wpx run … k=v`)
//! win over the selected environment, which wins over the collection's `[variables]`, which win
//! over the profile's `variables`. The CLI and the TUI both look variables up here.

use std::collections::BTreeMap;

/// A named set of variables (an environment, a collection, a profile).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// Its name, for messages.
    pub name: String,
    /// The values.
    pub values: BTreeMap<String, String>,
}

impl Scope {
    /// A scope.
    pub fn new(name: impl Into<String>, values: BTreeMap<String, String>) -> Self {
        Self {
            name: name.into(),
            values,
        }
    }
}

/// Which link of the chain a value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    /// Given for this send.
    Given,
    /// The selected environment.
    Environment,
    /// The collection's `[variables]`.
    Collection,
    /// The profile's `variables`.
    Profile,
}

/// The chain, most specific first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vars {
    /// Values given now.
    pub given: BTreeMap<String, String>,
    /// The selected environment.
    pub environment: Option<Scope>,
    /// The collection the request came from.
    pub collection: Option<Scope>,
    /// The profile's variables.
    pub profile: Option<Scope>,
}

impl Vars {
    /// The value of `name`, and where it came from.
    pub fn lookup(&self, name: &str) -> Option<(&str, Layer)> {
        if let Some(v) = self.given.get(name) {
            return Some((v, Layer::Given));
        }
        [
            (&self.environment, Layer::Environment),
            (&self.collection, Layer::Collection),
            (&self.profile, Layer::Profile),
        ]
        .into_iter()
        .find_map(|(s, layer)| Some((s.as_ref()?.values.get(name)?.as_str(), layer)))
    }

    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<String> {
        self.lookup(name).map(|(v, _)| v.to_owned())
    }

    /// What to tell the user when `{{name}}` has no value: every place it could be set.
    pub fn missing(&self, name: &str) -> String {
        let mut places = Vec::new();
        match &self.environment {
            Some(e) => places.push(format!("the environment '{}'", e.name)),
            None => places.push("an environment (wpx --env NAME)".to_owned()),
        }
        match &self.collection {
            Some(c) => places.push(format!("the collection '{}'", c.name)),
            None => places.push("a collection's [variables]".to_owned()),
        }
        match &self.profile {
            Some(p) => places.push(format!("the profile '{}'", p.name)),
            None => places.push("a profile's variables".to_owned()),
        }
        let last = places.pop().unwrap_or_default();
        format!(
            "the variable {{{{{name}}}}} has no value: set it in {} or {last}, or pass {name}=VALUE",
            places.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(name: &str, pairs: &[(&str, &str)]) -> Option<Scope> {
        Some(Scope::new(
            name,
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        ))
    }

    #[test]
    fn the_most_specific_value_wins() {
        let mut v = Vars {
            given: BTreeMap::new(),
            environment: scope("staging", &[("a", "env"), ("b", "env")]),
            collection: scope("Mine", &[("a", "col"), ("b", "col"), ("c", "col")]),
            profile: scope("work", &[("a", "pro"), ("d", "pro")]),
        };
        v.given.insert("a".into(), "now".into());
        assert_eq!(v.lookup("a"), Some(("now", Layer::Given)));
        assert_eq!(v.lookup("b"), Some(("env", Layer::Environment)));
        assert_eq!(v.lookup("c"), Some(("col", Layer::Collection)));
        assert_eq!(v.lookup("d"), Some(("pro", Layer::Profile)));
        assert_eq!(v.get("e"), None);
    }

    #[test]
    fn a_missing_variable_says_where_to_set_it() {
        let v = Vars {
            collection: scope("Mine", &[]),
            ..Vars::default()
        };
        let m = v.missing("group_id");
        assert!(
            m.starts_with("the variable {{group_id}} has no value"),
            "{m}"
        );
        assert!(m.contains("wpx --env NAME") && m.contains("'Mine'"), "{m}");
        assert!(m.contains("group_id=VALUE"), "{m}");
        assert_eq!(
            m,
            "the variable {{group_id}} has no value: set it in an environment (wpx --env NAME), \
             the collection 'Mine' or a profile's variables, or pass group_id=VALUE"
        );
        assert!(m.len() <= 160, "two status rows at 80 columns: {}", m.len());
    }
}
