//! The Graph API `fields` expression: `id,name,members.limit(5){name,email},reactions.summary(true)`.

/// One selected field, possibly an expanded edge.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldSel {
    /// The field or edge name.
    pub name: String,
    /// Modifiers such as `limit(5)`, `summary(true)`, `type(LIKE)`, in order (without `as`).
    pub modifiers: Vec<(String, String)>,
    /// Sub-fields in braces, for an edge or an object field.
    pub children: Option<Vec<FieldSel>>,
    /// The key to answer under (`.as(alias)`), when different from the name.
    pub alias: Option<String>,
}

impl FieldSel {
    /// The key this field appears under in the answer.
    pub fn key(&self) -> &str {
        self.alias.as_deref().unwrap_or(&self.name)
    }

    /// The value of a modifier, if given.
    pub fn modifier(&self, name: &str) -> Option<&str> {
        self.modifiers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Writes a selection back as a `fields` expression (for `paging.next` links).
pub fn to_expression(fields: &[FieldSel]) -> String {
    fields
        .iter()
        .map(|f| {
            let mut s = f.name.clone();
            for (k, v) in &f.modifiers {
                s.push_str(&format!(".{k}({v})"));
            }
            if let Some(alias) = &f.alias {
                s.push_str(&format!(".as({alias})"));
            }
            if let Some(children) = &f.children {
                s.push('{');
                s.push_str(&to_expression(children));
                s.push('}');
            }
            s
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// A syntax error, with the character position as the Graph API reports it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Syntax error \"{message}\" at character {position}: {input}")]
pub struct FieldsError {
    /// What was expected.
    pub message: String,
    /// Zero-based character position.
    pub position: usize,
    /// The whole expression.
    pub input: String,
}

/// How deep `{…}` may nest: the parser recurses once per level, so a hostile expression must not
/// take it deeper than the stack allows.
pub const MAX_DEPTH: usize = 64;

struct Parser<'a> {
    chars: Vec<char>,
    pos: usize,
    input: &'a str,
    /// `{` levels open.
    depth: usize,
}

impl Parser<'_> {
    fn err(&self, message: impl Into<String>) -> FieldsError {
        FieldsError {
            message: message.into(),
            position: self.pos,
            input: self.input.to_owned(),
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn name(&mut self) -> Result<String, FieldsError> {
        self.skip_ws();
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == ':')
        {
            self.pos += 1;
        }
        if start == self.pos {
            return Err(self.err("Expected a field name"));
        }
        Ok(self.chars[start..self.pos].iter().collect())
    }

    fn list(&mut self, nested: bool) -> Result<Vec<FieldSel>, FieldsError> {
        let mut out = Vec::new();
        loop {
            self.skip_ws();
            if nested && self.peek() == Some('}') {
                return Ok(out);
            }
            out.push(self.field()?);
            self.skip_ws();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some('}') if nested => return Ok(out),
                None if !nested => return Ok(out),
                None => return Err(self.err("Expected \"}\" but found end of string")),
                Some(c) => {
                    return Err(self.err(format!("Expected end of string instead of \"{c}\"")));
                }
            }
        }
    }

    fn field(&mut self) -> Result<FieldSel, FieldsError> {
        let mut sel = FieldSel {
            name: self.name()?,
            ..FieldSel::default()
        };
        loop {
            self.skip_ws();
            match self.peek() {
                Some('.') => {
                    self.pos += 1;
                    let m = self.name()?;
                    self.skip_ws();
                    if self.peek() != Some('(') {
                        return Err(self.err(format!("Expected \"(\" after modifier {m}")));
                    }
                    self.pos += 1;
                    let start = self.pos;
                    while self.peek().is_some_and(|c| c != ')') {
                        self.pos += 1;
                    }
                    if self.peek().is_none() {
                        return Err(self.err("Expected \")\" but found end of string"));
                    }
                    let arg: String = self.chars[start..self.pos].iter().collect();
                    self.pos += 1;
                    if m == "as" {
                        sel.alias = Some(arg.trim().to_owned());
                    } else {
                        sel.modifiers.push((m, arg.trim().to_owned()));
                    }
                }
                Some('{') if sel.children.is_none() => {
                    if self.depth >= MAX_DEPTH {
                        return Err(
                            self.err(format!("Fields nested more than {MAX_DEPTH} levels deep"))
                        );
                    }
                    self.pos += 1;
                    self.depth += 1;
                    sel.children = Some(self.list(true)?);
                    self.depth -= 1;
                    self.pos += 1; // the closing brace
                }
                _ => return Ok(sel),
            }
        }
    }
}

/// Parses a `fields` expression.
pub fn parse_fields(input: &str) -> Result<Vec<FieldSel>, FieldsError> {
    let mut p = Parser {
        chars: input.chars().collect(),
        pos: 0,
        input,
        depth: 0,
    };
    if input.trim().is_empty() {
        return Ok(Vec::new());
    }
    p.list(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_list() {
        let f = parse_fields("id, name,email").expect("parses");
        let names: Vec<&str> = f.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["id", "name", "email"]);
    }

    #[test]
    fn nested_with_modifiers() {
        let f = parse_fields("members.limit(5){name,email},owner{id}").expect("parses");
        assert_eq!(f[0].name, "members");
        assert_eq!(f[0].modifier("limit"), Some("5"));
        assert_eq!(f[0].children.as_ref().map(Vec::len), Some(2));
        assert_eq!(
            f[1].children.as_ref().map(|c| c[0].name.clone()),
            Some("id".into())
        );
    }

    #[test]
    fn chained_modifiers_and_alias() {
        let f =
            parse_fields("reactions.type(LOVE).limit(0).summary(total_count).as(reactions_love)")
                .expect("parses");
        assert_eq!(f[0].key(), "reactions_love");
        assert_eq!(f[0].modifier("type"), Some("LOVE"));
        assert_eq!(f[0].modifier("summary"), Some("total_count"));
    }

    #[test]
    fn modifiers_after_braces_and_deep_nesting() {
        let f = parse_fields("comments{from{id,name},message}.limit(2),poll{options{name,votes}}")
            .expect("parses");
        assert_eq!(f[0].modifier("limit"), Some("2"));
        let from = &f[0].children.as_ref().expect("children")[0];
        assert_eq!(from.children.as_ref().map(Vec::len), Some(2));
    }

    #[test]
    fn syntax_errors_have_positions() {
        let e = parse_fields("id,name}").expect_err("stray brace");
        assert_eq!(e.position, 7);
        assert!(e.to_string().contains("Syntax error"));
        assert!(parse_fields("members{name").is_err());
        assert!(parse_fields("members.limit(5").is_err());
        assert!(parse_fields("id,,name").is_err());
        assert!(parse_fields("members.limit").is_err());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let at_limit = format!("{}x{}", "a{".repeat(MAX_DEPTH), "}".repeat(MAX_DEPTH));
        assert!(parse_fields(&at_limit).is_ok());
        let hostile = format!("{}x{}", "a{".repeat(100_000), "}".repeat(100_000));
        let e = parse_fields(&hostile).expect_err("too deep");
        assert!(e.message.contains("nested more than 64"), "{e}");
        assert_eq!(e.position, 2 * MAX_DEPTH + 1);
    }

    #[test]
    fn expressions_round_trip() {
        for e in [
            "id,name",
            "members.limit(5){name,email}",
            "reactions.type(LOVE).summary(total_count).as(love)",
        ] {
            assert_eq!(to_expression(&parse_fields(e).expect("parses")), e);
        }
    }

    #[test]
    fn empty_is_no_fields() {
        assert!(parse_fields("").expect("ok").is_empty());
        assert!(
            parse_fields("members{}").expect("ok")[0]
                .children
                .as_ref()
                .is_some_and(Vec::is_empty)
        );
    }
}
