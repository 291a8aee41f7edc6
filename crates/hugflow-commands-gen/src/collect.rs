//! The syntax walk behind `Shell::parse`: visits each file of the shell and collects command
//! fns, `generate_handler!` entries, type aliases, string constants and `emit` arguments, with
//! the module each sits in. Judging them (registration, injected types, events) is `scan`'s job.

use std::collections::BTreeSet;

use heck::{ToLowerCamelCase, ToSnakeCase};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::visit::{self, Visit};
use syn::{Attribute, Expr, FnArg, Lit, Pat, Token, Type};

use crate::Error;
use crate::scan::{Arg, Command, HandlerEntry};

/// Methods or fns whose first argument is an event name (`app.emit(NAME, ())`, or a wrapper
/// of the same name such as `self.emit(NAME)`).
const EMITTERS: [&str; 3] = ["emit", "emit_to", "emit_filter"];

/// What one walk over the shell found; `file` and `module` say where the walk is.
#[derive(Default)]
pub(crate) struct Collector {
    pub file: String,
    pub module: Vec<String>,
    pub commands: Vec<Command>,
    /// `(alias, the aliased type's last name)`, for `type Services<'a> = State<…>`.
    pub aliases: Vec<(String, String)>,
    /// `(file, entries)` per `generate_handler!`.
    pub handlers: Vec<(String, Vec<HandlerEntry>)>,
    /// `pub const NAME: &str = "value"` items, as `(NAME, value)`.
    pub strings: Vec<(String, String)>,
    /// Names passed as the first argument of an `emit` call.
    pub emitted: BTreeSet<String>,
    pub errors: Vec<Error>,
}

impl<'ast> Visit<'ast> for Collector {
    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        self.module.push(item.ident.unraw().to_string());
        visit::visit_item_mod(self, item);
        self.module.pop();
    }

    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        if let Some(attr) = item.attrs.iter().find(|a| is_command(a)) {
            match options(attr) {
                Ok(options) => self.commands.push(command(item, options, self)),
                Err(e) => self.errors.push(Error::Parse {
                    path: self.file.clone(),
                    message: format!("#[tauri::command] on `{}`: {e}", item.sig.ident),
                }),
            }
        }
        visit::visit_item_fn(self, item);
    }

    fn visit_item_type(&mut self, item: &'ast syn::ItemType) {
        if let Some(target) = last_ident(&item.ty) {
            self.aliases.push((item.ident.to_string(), target));
        }
    }

    fn visit_item_const(&mut self, item: &'ast syn::ItemConst) {
        let public = matches!(item.vis, syn::Visibility::Public(_));
        let is_str = matches!(&*item.ty, Type::Reference(r) if last_ident(&r.elem).as_deref() == Some("str"));
        if public
            && is_str
            && let Expr::Lit(syn::ExprLit {
                lit: Lit::Str(value),
                ..
            }) = &*item.expr
        {
            self.strings.push((item.ident.to_string(), value.value()));
        }
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        if EMITTERS.iter().any(|e| call.method == e) {
            self.note_emitted(call.args.first());
        }
        visit::visit_expr_method_call(self, call);
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if let Expr::Path(f) = &*call.func
            && f.path
                .segments
                .last()
                .is_some_and(|s| EMITTERS.iter().any(|e| s.ident == e))
        {
            self.note_emitted(call.args.first());
        }
        visit::visit_expr_call(self, call);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if mac
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "generate_handler")
        {
            match mac.parse_body::<Entries>() {
                Ok(Entries(paths)) => {
                    let entries = paths.iter().map(|p| self.resolve(p)).collect();
                    self.handlers.push((self.file.clone(), entries));
                }
                Err(e) => self.errors.push(Error::Parse {
                    path: self.file.clone(),
                    message: format!("generate_handler!: {e}"),
                }),
            }
        }
        visit::visit_macro(self, mac);
    }
}

impl Collector {
    /// Remembers a constant given as an event name (`emit(HOSTS_CHANGED)`, `emit(host::X)`).
    fn note_emitted(&mut self, first: Option<&Expr>) {
        if let Some(Expr::Path(p)) = first
            && let Some(last) = p.path.segments.last()
        {
            self.emitted.insert(last.ident.to_string());
        }
    }

    /// A handler path as seen from the crate root: relative to the macro's module unless it
    /// starts with `crate`; `self` and `super` as in Rust.
    fn resolve(&self, path: &syn::Path) -> HandlerEntry {
        let segments: Vec<String> = path
            .segments
            .iter()
            .map(|s| s.ident.unraw().to_string())
            .collect();
        let mut resolved = if segments.first().is_some_and(|s| s == "crate") {
            Vec::new()
        } else {
            self.module.clone()
        };
        for segment in segments {
            match segment.as_str() {
                "crate" | "self" => {}
                "super" => {
                    resolved.pop();
                }
                _ => resolved.push(segment),
            }
        }
        HandlerEntry {
            written: path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect::<Vec<_>>()
                .join("::"),
            path: resolved,
        }
    }
}

/// `generate_handler![#![plugin(...)] a::b, #[cfg(...)] c::d, ...]`: attributes are skipped.
struct Entries(Vec<syn::Path>);

impl Parse for Entries {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        input.call(Attribute::parse_inner)?;
        let entries = Punctuated::<Entry, Token![,]>::parse_terminated(input)?;
        Ok(Entries(entries.into_iter().map(|e| e.0).collect()))
    }
}

struct Entry(syn::Path);

impl Parse for Entry {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        input.call(Attribute::parse_outer)?;
        Ok(Entry(input.parse()?))
    }
}

/// `#[tauri::command]`, or `#[command]` after `use tauri::command;`.
fn is_command(attr: &Attribute) -> bool {
    let segments: Vec<_> = attr
        .path()
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    segments == ["tauri", "command"] || segments == ["command"]
}

/// The `#[tauri::command(...)]` options that change the IPC contract.
#[derive(Default)]
struct Options {
    rename: Option<String>,
    snake_case: bool,
}

fn options(attr: &Attribute) -> syn::Result<Options> {
    if matches!(attr.meta, syn::Meta::Path(_)) {
        return Ok(Options::default());
    }
    attr.parse_args_with(|input: ParseStream| {
        let mut options = Options::default();
        while !input.is_empty() {
            if input.peek(Token![async]) {
                input.parse::<Token![async]>()?;
            } else {
                let pair: syn::MetaNameValue = input.parse()?;
                let value = match &pair.value {
                    Expr::Lit(syn::ExprLit {
                        lit: Lit::Str(s), ..
                    }) => s.value(),
                    _ => String::new(),
                };
                if pair.path.is_ident("rename") {
                    options.rename = Some(value);
                } else if pair.path.is_ident("rename_all") {
                    options.snake_case = value == "snake_case";
                }
            }
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        Ok(options)
    })
}

fn command(item: &syn::ItemFn, options: Options, at: &Collector) -> Command {
    let fn_name = item.sig.ident.unraw().to_string();
    let args = item
        .sig
        .inputs
        .iter()
        .filter_map(|input| match input {
            FnArg::Typed(typed) => Some(Arg {
                key: match &*typed.pat {
                    Pat::Ident(p) => {
                        let raw = p.ident.unraw().to_string();
                        Some(if options.snake_case {
                            raw.to_snake_case()
                        } else {
                            raw.to_lower_camel_case()
                        })
                    }
                    _ => None,
                },
                ty: (*typed.ty).clone(),
            }),
            FnArg::Receiver(_) => None,
        })
        .collect();
    Command {
        name: options.rename.unwrap_or_else(|| fn_name.clone()),
        fn_name,
        module: at.module.clone(),
        file: at.file.clone(),
        doc: doc_lines(&item.attrs),
        args,
        output: item.sig.output.clone(),
    }
}

fn doc_lines(attrs: &[Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(syn::MetaNameValue {
                value:
                    Expr::Lit(syn::ExprLit {
                        lit: Lit::Str(s), ..
                    }),
                ..
            }) => Some(s.value().trim().to_string()),
            _ => None,
        })
        .collect()
}

/// The last path segment's name of a path type (`tauri::State<'_, T>` → `State`).
pub(crate) fn last_ident(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}
