//! The sandbox's house rules, checked on its source: no module depends on itself through others
//! (the code review counted five such cycles before the sandbox was split by domain).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each module below `src/sandbox` (`graph::route`, `writes`, …) with its source, test code left
/// out: a `#[cfg(test)] mod x;` line is skipped, a `#[cfg(test)]` block ends the file.
fn modules() -> BTreeMap<String, String> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<String, String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, root, out);
                continue;
            }
            let Some(rel) = path.strip_prefix(root).ok().and_then(Path::to_str) else {
                continue;
            };
            let Some(stem) = rel.strip_suffix(".rs") else {
                continue;
            };
            if stem.ends_with("tests") || stem.starts_with("fidelity") {
                continue;
            }
            let name = stem
                .trim_end_matches("/mod")
                .trim_end_matches("mod")
                .replace('/', "::");
            let src = std::fs::read_to_string(&path).unwrap_or_default();
            let mut kept = Vec::new();
            let mut lines = src.lines().peekable();
            while let Some(line) = lines.next() {
                if line.trim() == "#[cfg(test)]" {
                    if lines.peek().is_some_and(|n| n.trim_end().ends_with(';')) {
                        lines.next();
                        continue;
                    }
                    break;
                }
                kept.push(line);
            }
            out.insert(name, kept.join("\n"));
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/sandbox");
    let mut out = BTreeMap::new();
    walk(&root, &root, &mut out);
    out
}

/// The modules `src` (module `me`) refers to through `super::`, `crate::sandbox::` or `self::`.
fn uses(me: &str, src: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let parent: Vec<&str> = me
        .rsplit_once("::")
        .map_or(vec![], |(p, _)| p.split("::").collect());
    let own: Vec<&str> = if me.is_empty() {
        vec![]
    } else {
        me.split("::").collect()
    };
    let mut out = BTreeSet::new();
    let mut resolve = |base: &[&str], path: &str| {
        if path.is_empty() {
            return;
        }
        let parts: Vec<&str> = path.split("::").collect();
        for n in (1..=parts.len()).rev() {
            let name = base
                .iter()
                .copied()
                .chain(parts[..n].iter().copied())
                .collect::<Vec<_>>()
                .join("::");
            if known.contains(&name) {
                if name != me {
                    out.insert(name);
                }
                return;
            }
        }
    };
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
            .collect()
    };
    for (prefix, base) in [
        ("crate::sandbox::", vec![]),
        ("super::", parent.clone()),
        ("self::", own.clone()),
    ] {
        for (i, _) in src.match_indices(prefix) {
            let rest = &src[i + prefix.len()..];
            if prefix == "super::" && src[..i].ends_with("super::") {
                continue;
            }
            if let Some(group) = rest.strip_prefix('{') {
                let group = group.split('}').next().unwrap_or_default();
                for item in group.split(',') {
                    resolve(&base, ident(item.trim()).trim_end_matches(':'));
                }
            } else {
                resolve(&base, ident(rest).trim_end_matches(':'));
            }
        }
    }
    out
}

#[test]
fn no_module_inside_the_sandbox_depends_on_itself() {
    let mods = modules();
    assert!(
        mods.contains_key("graph::route") && mods.contains_key("writes::groups"),
        "the sandbox's modules were not found: {:?}",
        mods.keys().collect::<Vec<_>>()
    );
    let known: BTreeSet<String> = mods.keys().cloned().collect();
    let deps: BTreeMap<&str, BTreeSet<String>> = mods
        .iter()
        .map(|(m, src)| (m.as_str(), uses(m, src, &known)))
        .collect();
    // A cycle is a module reachable from one of its own dependencies.
    for (m, direct) in &deps {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<String> = direct.iter().cloned().collect();
        while let Some(next) = stack.pop() {
            assert_ne!(next, *m, "{m} depends on itself through {seen:?}");
            if seen.insert(next.clone())
                && let Some(more) = deps.get(next.as_str())
            {
                stack.extend(more.iter().cloned());
            }
        }
    }
}

#[test]
fn the_check_finds_a_cycle_when_there_is_one() {
    let known: BTreeSet<String> = ["a", "b"].iter().map(|s| (*s).to_owned()).collect();
    assert!(uses("a", "use super::b::Thing;", &known).contains("b"));
    assert!(uses("b", "use crate::sandbox::{a, c};", &known).contains("a"));
    assert!(uses("a", "let x = 1;", &known).is_empty());
}
