//! `#[derive(Json)]`: `ToJson` and `FromJson` (crate `tcpip-json`) in serde's JSON form.
//!
//! The form is serde's derive's: a struct is an object of its fields in order, a newtype
//! struct its content, a tuple struct an array, an enum externally tagged. It reads serde's
//! own attributes so that both derives on one type cannot disagree, and refuses at compile
//! time any it does not implement:
//! - on the type: `rename_all = "snake_case"` (enums: the variant names), `try_from = "T"`
//!   with `into = "T"` (the type travels as a `T`);
//! - on a field: `with = "module"` (`module::write_json` and `module::read_json`), `skip`
//!   (not written, read as `Default::default()`), `default` (read as the default when
//!   missing).

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as Tokens};
use quote::{format_ident, quote};
use syn::ext::IdentExt;
use syn::{
    Attribute, Data, DeriveInput, Error, Fields, GenericParam, Generics, Ident, LitStr, Path, Type,
    parse_macro_input, parse_quote,
};

/// `ToJson` and `FromJson`.
#[proc_macro_derive(Json, attributes(serde))]
pub fn derive_json(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input, true)
        .unwrap_or_else(Error::into_compile_error)
        .into()
}

/// `ToJson` only, for what is written and never read back (the exported game log).
#[proc_macro_derive(ToJson, attributes(serde))]
pub fn derive_to_json(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input, false)
        .unwrap_or_else(Error::into_compile_error)
        .into()
}

/// What the type's `#[serde(...)]` attributes ask.
#[derive(Default)]
struct TypeAttrs {
    snake_case: bool,
    try_from: Option<Type>,
    into: Option<Type>,
}

/// What a field's `#[serde(...)]` attributes ask.
#[derive(Default)]
struct FieldAttrs {
    with: Option<Path>,
    skip: bool,
    default: bool,
}

/// The `#[serde(...)]` attributes among `attrs`, each meta item passed to `each`.
fn serde_metas(
    attrs: &[Attribute],
    mut each: impl FnMut(syn::meta::ParseNestedMeta) -> syn::Result<()>,
) -> syn::Result<()> {
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(&mut each)?;
    }
    Ok(())
}

fn type_attrs(attrs: &[Attribute]) -> syn::Result<TypeAttrs> {
    let mut found = TypeAttrs::default();
    serde_metas(attrs, |meta| {
        if meta.path.is_ident("rename_all") {
            let rule: LitStr = meta.value()?.parse()?;
            if rule.value() != "snake_case" {
                return Err(meta.error("tcpip-json implements only rename_all = \"snake_case\""));
            }
            found.snake_case = true;
        } else if meta.path.is_ident("try_from") {
            found.try_from = Some(meta.value()?.parse::<LitStr>()?.parse()?);
        } else if meta.path.is_ident("into") {
            found.into = Some(meta.value()?.parse::<LitStr>()?.parse()?);
        } else {
            return Err(meta.error("tcpip-json does not implement this serde attribute"));
        }
        Ok(())
    })?;
    if found.try_from.is_some() != found.into.is_some() {
        return Err(Error::new(
            Span::call_site(),
            "tcpip-json needs `try_from` and `into` together",
        ));
    }
    Ok(found)
}

fn field_attrs(attrs: &[Attribute]) -> syn::Result<FieldAttrs> {
    let mut found = FieldAttrs::default();
    serde_metas(attrs, |meta| {
        if meta.path.is_ident("with") {
            found.with = Some(meta.value()?.parse::<LitStr>()?.parse()?);
        } else if meta.path.is_ident("skip") {
            found.skip = true;
        } else if meta.path.is_ident("default") {
            found.default = true;
        } else {
            return Err(meta.error("tcpip-json does not implement this serde attribute"));
        }
        Ok(())
    })?;
    Ok(found)
}

/// serde's `snake_case` of a variant name: `SetClock` → `set_clock`.
fn snake_case(name: &str) -> String {
    let mut snake = String::new();
    for (i, ch) in name.char_indices() {
        if i > 0 && ch.is_uppercase() {
            snake.push('_');
        }
        snake.push(ch.to_ascii_lowercase());
    }
    snake
}

/// `generics` with `bound` on every type parameter.
fn bounded(generics: &Generics, bound: Path) -> Generics {
    let mut generics = generics.clone();
    for param in &mut generics.params {
        if let GenericParam::Type(t) = param {
            t.bounds.push(parse_quote!(#bound));
        }
    }
    generics
}

fn expand(input: &DeriveInput, readable: bool) -> syn::Result<Tokens> {
    let attrs = type_attrs(&input.attrs)?;
    let name = &input.ident;
    let (write, read) = match (&attrs.try_from, &attrs.into) {
        (Some(from), Some(into)) => (
            quote! {
                let as_sent: #into = ::core::convert::Into::into(::core::clone::Clone::clone(self));
                ::tcpip_json::ToJson::write_json(&as_sent, w)
            },
            quote! {
                let as_sent: #from = ::tcpip_json::FromJson::from_json(v)?;
                ::core::convert::TryFrom::try_from(as_sent).map_err(::tcpip_json::Error::new)
            },
        ),
        _ => match &input.data {
            Data::Struct(s) => (write_struct(&s.fields)?, read_struct(&s.fields)?),
            Data::Enum(e) => {
                let variants: Vec<Variant> = e
                    .variants
                    .iter()
                    .map(|v| {
                        if v.attrs.iter().any(|a| a.path().is_ident("serde")) {
                            return Err(Error::new_spanned(
                                v,
                                "tcpip-json does not implement serde attributes on variants",
                            ));
                        }
                        let ident = v.ident.unraw().to_string();
                        Ok(Variant {
                            ident: &v.ident,
                            json: if attrs.snake_case {
                                snake_case(&ident)
                            } else {
                                ident
                            },
                            fields: &v.fields,
                        })
                    })
                    .collect::<syn::Result<_>>()?;
                (write_enum(&variants)?, read_enum(&variants)?)
            }
            Data::Union(u) => {
                return Err(Error::new_spanned(
                    u.union_token,
                    "tcpip-json does not write unions",
                ));
            }
        },
    };
    let to = bounded(&input.generics, parse_quote!(::tcpip_json::ToJson));
    let from = bounded(&input.generics, parse_quote!(::tcpip_json::FromJson));
    let (to_impl, to_ty, to_where) = to.split_for_impl();
    let (from_impl, from_ty, from_where) = from.split_for_impl();
    let from_json = readable.then(|| {
        quote! {
            impl #from_impl ::tcpip_json::FromJson for #name #from_ty #from_where {
                fn from_json(v: &::tcpip_json::Value) -> ::core::result::Result<Self, ::tcpip_json::Error> {
                    #read
                }
            }
        }
    });
    Ok(quote! {
        impl #to_impl ::tcpip_json::ToJson for #name #to_ty #to_where {
            fn write_json(&self, w: &mut ::tcpip_json::Writer) {
                #write
            }
        }

        #from_json
    })
}

struct Variant<'a> {
    ident: &'a Ident,
    json: String,
    fields: &'a Fields,
}

/// The pattern that binds the fields a struct or variant writes (after `Self` or
/// `Self::Variant`): `{ a, b, .. }` (skipped fields are not bound), `(f0, f1)`, or nothing.
fn pattern(fields: &Fields) -> syn::Result<Tokens> {
    Ok(match fields {
        Fields::Unit => quote! {},
        Fields::Unnamed(f) => {
            let bound = (0..f.unnamed.len()).map(|i| format_ident!("f{i}"));
            quote! { ( #( #bound ),* ) }
        }
        Fields::Named(f) => {
            let mut bound = Vec::new();
            for field in &f.named {
                if !field_attrs(&field.attrs)?.skip {
                    let ident = &field.ident;
                    let local = binding(field);
                    bound.push(quote! { #ident: #local });
                }
            }
            quote! { { #( #bound, )* .. } }
        }
    })
}

/// The local a named field is bound to when written: not the field's own name, which could
/// be the writer's (`w`).
fn binding(field: &syn::Field) -> Ident {
    format_ident!("field_{}", key(field))
}

/// A named field's key: its name without `r#`, as serde names it.
fn key(field: &syn::Field) -> String {
    field
        .ident
        .as_ref()
        .map(|i| i.unraw().to_string())
        .unwrap_or_default()
}

/// Writes `fields`, bound by [`pattern`] to references.
fn write_fields(fields: &Fields) -> syn::Result<Tokens> {
    Ok(match fields {
        Fields::Unit => quote! { w.null(); },
        Fields::Unnamed(f) => {
            if let Some(field) = f
                .unnamed
                .iter()
                .find(|f| f.attrs.iter().any(|a| a.path().is_ident("serde")))
            {
                return Err(Error::new_spanned(
                    field,
                    "tcpip-json: no serde attributes on tuple fields",
                ));
            }
            if f.unnamed.len() == 1 {
                quote! { ::tcpip_json::ToJson::write_json(f0, w); }
            } else {
                let bound = (0..f.unnamed.len()).map(|i| format_ident!("f{i}"));
                quote! {
                    w.begin_array();
                    #( w.element(#bound); )*
                    w.end_array();
                }
            }
        }
        Fields::Named(f) => {
            let mut members = Vec::new();
            for field in &f.named {
                let attrs = field_attrs(&field.attrs)?;
                let (key, local) = (key(field), binding(field));
                members.push(match (attrs.skip, attrs.with) {
                    (true, _) => quote! {},
                    (false, Some(with)) => quote! { w.key(#key); #with::write_json(#local, w); },
                    (false, None) => quote! { w.field(#key, #local); },
                });
            }
            quote! {
                w.begin_object();
                #( #members )*
                w.end_object();
            }
        }
    })
}

/// Reads `fields` from `v` into the constructor `path`.
fn read_fields(path: Tokens, fields: &Fields) -> syn::Result<Tokens> {
    Ok(match fields {
        Fields::Unit => quote! {
            match v {
                ::tcpip_json::Value::Null => ::core::result::Result::Ok(#path),
                _ => ::core::result::Result::Err(v.expected("null")),
            }
        },
        Fields::Unnamed(f) if f.unnamed.len() == 1 => quote! {
            ::core::result::Result::Ok(#path(::tcpip_json::FromJson::from_json(v)?))
        },
        Fields::Unnamed(f) => {
            let n = f.unnamed.len();
            let indexes = 0..n;
            quote! {
                let items = v.tuple(#n)?;
                ::core::result::Result::Ok(#path(#( ::tcpip_json::element(items, #indexes)? ),*))
            }
        }
        Fields::Named(f) => {
            let mut members = Vec::new();
            for field in &f.named {
                let attrs = field_attrs(&field.attrs)?;
                let (ident, key) = (&field.ident, key(field));
                let present = match attrs.with {
                    Some(with) => quote! { o.field_with(#key, #with::read_json)? },
                    None => quote! { o.field(#key)? },
                };
                let read = if attrs.skip {
                    quote! { ::core::default::Default::default() }
                } else if attrs.default {
                    quote! {
                        match o.get(#key) {
                            ::core::option::Option::None => ::core::default::Default::default(),
                            ::core::option::Option::Some(_) => #present,
                        }
                    }
                } else {
                    present
                };
                members.push(quote! { #ident: #read });
            }
            quote! {
                let o = v.object()?;
                ::core::result::Result::Ok(#path { #( #members ),* })
            }
        }
    })
}

fn write_struct(fields: &Fields) -> syn::Result<Tokens> {
    let pattern = pattern(fields)?;
    let write = write_fields(fields)?;
    Ok(match fields {
        Fields::Unit => write,
        _ => quote! { let Self #pattern = self; #write },
    })
}

fn read_struct(fields: &Fields) -> syn::Result<Tokens> {
    read_fields(quote! { Self }, fields)
}

fn write_enum(variants: &[Variant]) -> syn::Result<Tokens> {
    let mut arms = Vec::new();
    for v in variants {
        let (ident, json) = (v.ident, &v.json);
        arms.push(match v.fields {
            Fields::Unit => quote! { Self::#ident => w.string(#json), },
            Fields::Named(_) | Fields::Unnamed(_) => {
                let write = write_fields(v.fields)?;
                let pattern = pattern(v.fields)?;
                quote! {
                    Self::#ident #pattern => {
                        w.begin_variant(#json);
                        #write
                        w.end_object();
                    }
                }
            }
        });
    }
    if arms.is_empty() {
        return Ok(quote! { match *self {} });
    }
    Ok(quote! { match self { #( #arms )* } })
}

fn read_enum(variants: &[Variant]) -> syn::Result<Tokens> {
    let mut arms = Vec::new();
    for v in variants {
        let (ident, json) = (v.ident, &v.json);
        arms.push(match v.fields {
            Fields::Unit => quote! {
                #json => ::tcpip_json::unit(content).map(|()| Self::#ident),
            },
            _ => {
                let read = read_fields(quote! { Self::#ident }, v.fields)?;
                quote! {
                    #json => (|| {
                        let v = ::tcpip_json::content(content)?;
                        #read
                    })(),
                }
            }
        });
    }
    let known: Vec<&String> = variants.iter().map(|v| &v.json).collect();
    Ok(quote! {
        let (name, content) = v.variant()?;
        let read: ::core::result::Result<Self, ::tcpip_json::Error> = match name {
            #( #arms )*
            _ => return ::core::result::Result::Err(::tcpip_json::unknown_variant(name, &[#( #known ),*])),
        };
        read.map_err(|e| e.within(name))
    })
}
