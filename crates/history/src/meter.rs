//! Readers that count what passes through them: how far into the upload the import is (for the progress bar), how
//! large the record being parsed has grown (so one huge record cannot exhaust memory), and how much an archive has
//! unpacked to (so a zip bomb is stopped early).

use std::cell::Cell;
use std::io::{self, Read, Seek, SeekFrom};
use std::rc::Rc;

/// What a [`Meter`] has seen, shared with whoever watches it.
#[derive(Debug)]
pub(crate) struct Gauge {
    position: Cell<u64>,
    limit: Cell<u64>,
    exceeded: Cell<bool>,
}

impl Gauge {
    pub(crate) fn new() -> Rc<Self> {
        Rc::new(Gauge { position: Cell::new(0), limit: Cell::new(u64::MAX), exceeded: Cell::new(false) })
    }

    /// Bytes read so far (or the position after the last seek).
    pub(crate) fn position(&self) -> u64 {
        self.position.get()
    }

    /// Allows `bytes` more bytes from here on; reading past them fails (reading up to them and then finding the end
    /// does not).
    pub(crate) fn allow(&self, bytes: u64) {
        self.limit.set(self.position.get().saturating_add(bytes));
    }

    /// Lifts the limit.
    pub(crate) fn unlimit(&self) {
        self.limit.set(u64::MAX);
    }

    /// Whether a read failed because it would have passed the limit.
    pub(crate) fn exceeded(&self) -> bool {
        self.exceeded.get()
    }
}

/// Counts the bytes read from `inner` into a shared [`Gauge`] and enforces its limit.
#[derive(Debug)]
pub(crate) struct Meter<R> {
    inner: R,
    gauge: Rc<Gauge>,
}

impl<R> Meter<R> {
    pub(crate) fn new(inner: R, gauge: Rc<Gauge>) -> Self {
        Meter { inner, gauge }
    }
}

impl<R: Read> Read for Meter<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let gauge = &self.gauge;
        let room = gauge.limit.get().saturating_sub(gauge.position.get());
        if room == 0 && !buf.is_empty() {
            // At the limit, only the end of the input may follow: one byte more is one too many.
            let mut probe = [0u8; 1];
            if self.inner.read(&mut probe)? == 0 {
                return Ok(0);
            }
            gauge.position.set(gauge.position.get() + 1);
            gauge.exceeded.set(true);
            return Err(io::Error::other("read limit reached"));
        }
        let wanted = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let read = self.inner.read(&mut buf[..wanted])?;
        gauge.position.set(gauge.position.get() + read as u64);
        Ok(read)
    }
}

impl<R: Seek> Seek for Meter<R> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let position = self.inner.seek(to)?;
        self.gauge.position.set(position);
        Ok(position)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_reads_and_stops_at_the_limit() {
        let gauge = Gauge::new();
        let mut meter = Meter::new(&b"0123456789"[..], gauge.clone());
        let mut buf = [0; 4];
        assert_eq!(meter.read(&mut buf).unwrap(), 4);
        assert_eq!(gauge.position(), 4);
        gauge.allow(3);
        assert_eq!(meter.read(&mut buf).unwrap(), 3);
        assert!(meter.read(&mut buf).is_err());
        assert!(gauge.exceeded());
        assert_eq!(gauge.position(), 8, "the byte that passed the limit is counted");
        gauge.unlimit();
        assert_eq!(meter.read(&mut buf).unwrap(), 2);
        assert_eq!(gauge.position(), 10);
    }

    #[test]
    fn reaching_the_limit_at_the_end_is_no_error() {
        let gauge = Gauge::new();
        gauge.allow(10);
        let mut all = Vec::new();
        Meter::new(&b"0123456789"[..], gauge.clone()).read_to_end(&mut all).unwrap();
        assert_eq!(all.len(), 10);
        assert!(!gauge.exceeded());
    }

    #[test]
    fn a_seek_moves_the_position() {
        let gauge = Gauge::new();
        let mut meter = Meter::new(io::Cursor::new(vec![0u8; 100]), gauge.clone());
        meter.seek(SeekFrom::End(-10)).unwrap();
        assert_eq!(gauge.position(), 90);
    }
}
