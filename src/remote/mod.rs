//! Talking to other triple stores over HTTP.
//!
//! In: an endpoint's address, target graph, timeout and user (`config::Remote`). Out: answers to
//! SPARQL queries (`answer::Answer`) and graphs uploaded through the Graph Store Protocol, with
//! HTTP authentication. What this does not do: check a query (`sparql` does, before sending).

pub(crate) mod endpoint;
