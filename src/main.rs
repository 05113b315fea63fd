//! The `sahel-kg` binary: parse arguments, run, report, exit.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use sahel_kg::cli::Opts;
use sahel_kg::config::{Config, Export, ExportMode};
use sahel_kg::problem::Problems;

// The graph walk allocates millions of small terms on one thread and frees them on the store
// loader's: mimalloc handles that with less time and less resident memory than glibc's malloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let config = Config::from(Opts::parse());
    if matches!(
        config,
        Config::Export(Export {
            mode: ExportMode::NoStore { .. },
            ..
        })
    ) {
        return_freed_memory_at_once();
    }
    let mut stdout = Stdout::default();
    let result = sahel_kg::cmd::run(&config, &mut stdout);
    let result = result.and_then(|()| Ok(stdout.flush()?));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stops early (`| head`) is a normal end, as for ripgrep and xsv.
        Err(_) if stdout.closed => ExitCode::SUCCESS,
        Err(error) => {
            if let Some(problems) = error.downcast_ref::<Problems>() {
                eprintln!("{problems}");
                ExitCode::from(1)
            } else {
                // The message may quote what an endpoint answered or a parser met (an error
                // page, a byte of a results document): escaped line by line, so those bytes
                // cannot move the cursor or recolour the terminal, as a problem's cannot.
                let message = format!("{error:#}");
                let lines: Vec<_> = message.lines().map(sahel_kg::problem::shown).collect();
                eprintln!("error: {}", lines.join("\n"));
                ExitCode::from(2)
            }
        }
    }
}

/// Standard output, noting whether its reader went away: only a broken pipe on stdout itself
/// is a normal end, not one met talking to a triple store.
#[derive(Debug)]
struct Stdout {
    inner: std::io::StdoutLock<'static>,
    closed: bool,
}

impl Default for Stdout {
    fn default() -> Self {
        Self {
            inner: std::io::stdout().lock(),
            closed: false,
        }
    }
}

impl Stdout {
    fn note<T>(&mut self, result: std::io::Result<T>) -> std::io::Result<T> {
        if let Err(e) = &result {
            self.closed |= e.kind() == std::io::ErrorKind::BrokenPipe;
        }
        result
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let result = self.inner.write(buf);
        self.note(result)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let result = self.inner.flush();
        self.note(result)
    }
}

/// Makes mimalloc give freed pages back to the system at once.
///
/// `export --no-store` promises a small peak at any size. mimalloc v3 keeps freed pages for a
/// second before giving them back (its `purge_delay`, 1000 ms), and that second held one
/// shard's pages beside the next one's, raising the peak; with no delay it is as fast. The
/// whole export keeps the default: there no delay costs more time than the memory it saves.
fn return_freed_memory_at_once() {
    #[allow(unsafe_code)]
    // SAFETY: `mi_option_set` only stores a number; it is "not thread safe", and this runs on
    // the main thread before any other thread is started.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0);
    }
}

/// `mi_option_purge_delay` in mimalloc v3's `mimalloc.h` (the 16th `mi_option_e`), which
/// libmimalloc-sys does not name.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_option_is_the_one_set_to_return_memory_at_once() {
        #[allow(unsafe_code)]
        // SAFETY: reading an option's value.
        let delay = || unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        // v3's documented default for the purge delay, unless the environment sets it.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(delay(), 1000);
        }
        return_freed_memory_at_once();
        assert_eq!(delay(), 0);
    }
}
