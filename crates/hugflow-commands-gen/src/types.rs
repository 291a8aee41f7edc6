//! Maps a command's Rust argument and return types to TypeScript. Primitives and std
//! containers have fixed rules; any other named type must be one ts-rs exported to
//! `ui/src/bindings/`, so the client never names a type TypeScript does not have.

use std::collections::BTreeSet;

use syn::{GenericArgument, PathArguments, ReturnType, Type};

/// Why a type has no TypeScript form; the caller adds the command and argument.
#[derive(Debug, PartialEq, Eq)]
pub enum TypeProblem {
    /// A named type with no `ui/src/bindings/<Name>.ts`.
    Unexported(String),
    /// A shape the rules do not cover (a tuple, a map, an unexported generic type...).
    Unsupported(String),
}

/// Maps types and remembers what the generated file must import.
pub struct Mapper<'a> {
    bindings: &'a BTreeSet<String>,
    /// Binding type names used so far (`import type { X } from "../bindings/X"`).
    pub imports: BTreeSet<String>,
    /// Whether `Channel` from `@tauri-apps/api/core` is used.
    pub channel: bool,
}

impl<'a> Mapper<'a> {
    pub fn new(bindings: &'a BTreeSet<String>) -> Self {
        Mapper {
            bindings,
            imports: BTreeSet::new(),
            channel: false,
        }
    }

    /// What the command resolves to: `Result<T, E>` gives `T` (the error is the rejection),
    /// no return type gives `void`.
    pub fn output(&mut self, output: &ReturnType) -> Result<String, TypeProblem> {
        let ReturnType::Type(_, ty) = output else {
            return Ok("void".into());
        };
        if let Type::Path(p) = &**ty
            && let Some(last) = p.path.segments.last()
            && last.ident == "Result"
            && let Some(ok) = type_args(&last.arguments).first()
        {
            return self.map(ok);
        }
        self.map(ty)
    }

    pub fn map(&mut self, ty: &Type) -> Result<String, TypeProblem> {
        match ty {
            Type::Reference(r) => self.map(&r.elem),
            Type::Paren(p) => self.map(&p.elem),
            Type::Group(g) => self.map(&g.elem),
            Type::Tuple(t) if t.elems.is_empty() => Ok("void".into()),
            Type::Path(p) if p.qself.is_none() => self.path(p),
            other => Err(TypeProblem::Unsupported(describe(other))),
        }
    }

    fn path(&mut self, p: &syn::TypePath) -> Result<String, TypeProblem> {
        let last = p.path.segments.last().expect("a path has a segment");
        let name = last.ident.to_string();
        let args = type_args(&last.arguments);
        let ts = match (name.as_str(), args.as_slice()) {
            ("String" | "str" | "char" | "PathBuf" | "Path", []) => "string".into(),
            ("bool", []) => "boolean".into(),
            (
                "u8" | "u16" | "u32" | "u64" | "u128" | "usize" | "i8" | "i16" | "i32" | "i64"
                | "i128" | "isize" | "f32" | "f64",
                [],
            ) => "number".into(),
            ("Option", [inner]) => format!("{} | null", self.map(inner)?),
            ("Vec", [inner]) => {
                let inner = self.map(inner)?;
                if inner.contains(' ') {
                    format!("({inner})[]")
                } else {
                    format!("{inner}[]")
                }
            }
            ("Channel", [inner]) => {
                self.channel = true;
                format!("Channel<{}>", self.map(inner)?)
            }
            (_, args) if self.bindings.contains(&name) => {
                self.imports.insert(name.clone());
                if args.is_empty() {
                    name
                } else {
                    let args: Result<Vec<_>, _> = args.iter().map(|a| self.map(a)).collect();
                    format!("{name}<{}>", args?.join(", "))
                }
            }
            (_, []) => return Err(TypeProblem::Unexported(name)),
            _ => return Err(TypeProblem::Unsupported(describe(&Type::Path(p.clone())))),
        };
        Ok(ts)
    }
}

/// The type arguments of a path segment, lifetimes left out (`State<'_, T>` → `[T]`).
fn type_args(arguments: &PathArguments) -> Vec<&Type> {
    match arguments {
        PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|arg| match arg {
                GenericArgument::Type(ty) => Some(ty),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A short Rust spelling of a type for error messages.
fn describe(ty: &Type) -> String {
    match ty {
        Type::Path(p) => {
            let last = p.path.segments.last().expect("a path has a segment");
            let args = type_args(&last.arguments);
            if args.is_empty() {
                last.ident.to_string()
            } else {
                let args: Vec<_> = args.into_iter().map(describe).collect();
                format!("{}<{}>", last.ident, args.join(", "))
            }
        }
        Type::Reference(r) => format!("&{}", describe(&r.elem)),
        Type::Tuple(t) => {
            let parts: Vec<_> = t.elems.iter().map(describe).collect();
            format!("({})", parts.join(", "))
        }
        Type::Slice(s) => format!("[{}]", describe(&s.elem)),
        _ => "this type".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bindings() -> BTreeSet<String> {
        ["Draft", "Progress", "Page"].map(String::from).into()
    }

    fn map(rust: &str) -> Result<String, TypeProblem> {
        let bindings = bindings();
        Mapper::new(&bindings).map(&syn::parse_str(rust).unwrap())
    }

    fn output(rust: &str) -> Result<String, TypeProblem> {
        let bindings = bindings();
        let output: ReturnType = if rust.is_empty() {
            ReturnType::Default
        } else {
            syn::parse_str(&format!("-> {rust}")).unwrap()
        };
        Mapper::new(&bindings).output(&output)
    }

    #[test]
    fn primitives_and_std_containers() {
        for (rust, ts) in [
            ("String", "string"),
            ("&str", "string"),
            ("&'a str", "string"),
            ("std::path::PathBuf", "string"),
            ("bool", "boolean"),
            ("u32", "number"),
            ("i64", "number"),
            ("f64", "number"),
            ("usize", "number"),
            ("Option<String>", "string | null"),
            ("Vec<String>", "string[]"),
            ("Vec<Option<u8>>", "(number | null)[]"),
            ("Option<Vec<Draft>>", "Draft[] | null"),
            ("()", "void"),
        ] {
            assert_eq!(map(rust).as_deref(), Ok(ts), "{rust}");
        }
    }

    #[test]
    fn returns_unwrap_result_and_default_to_void() {
        assert_eq!(output("").as_deref(), Ok("void"));
        assert_eq!(output("Result<(), ApiError>").as_deref(), Ok("void"));
        assert_eq!(
            output("Result<Vec<Draft>, ApiError>").as_deref(),
            Ok("Draft[]")
        );
        assert_eq!(output("Draft").as_deref(), Ok("Draft"));
        assert_eq!(output("Option<Draft>").as_deref(), Ok("Draft | null"));
    }

    #[test]
    fn bindings_are_imported_and_channels_flagged() {
        let bindings = bindings();
        let mut mapper = Mapper::new(&bindings);
        let ty = syn::parse_str("tauri::ipc::Channel<Progress>").unwrap();
        assert_eq!(mapper.map(&ty).as_deref(), Ok("Channel<Progress>"));
        let ty = syn::parse_str("hugflow_gitops::Page<Draft>").unwrap();
        assert_eq!(mapper.map(&ty).as_deref(), Ok("Page<Draft>"));
        assert!(mapper.channel);
        let imports: Vec<_> = mapper.imports.iter().map(String::as_str).collect();
        assert_eq!(imports, ["Draft", "Page", "Progress"]);
    }

    #[test]
    fn an_unexported_type_is_named_even_when_nested() {
        assert_eq!(map("Secret"), Err(TypeProblem::Unexported("Secret".into())));
        assert_eq!(
            map("Option<Vec<hugflow_api::Secret>>"),
            Err(TypeProblem::Unexported("Secret".into()))
        );
        assert_eq!(
            output("Result<Secret, ApiError>"),
            Err(TypeProblem::Unexported("Secret".into()))
        );
    }

    #[test]
    fn shapes_without_a_rule_are_unsupported() {
        assert_eq!(
            map("HashMap<String, u32>"),
            Err(TypeProblem::Unsupported("HashMap<String, u32>".into()))
        );
        assert_eq!(
            map("(String, u32)"),
            Err(TypeProblem::Unsupported("(String, u32)".into()))
        );
        assert_eq!(
            map("Result<String, ApiError>"),
            Err(TypeProblem::Unsupported("Result<String, ApiError>".into()))
        );
    }
}
