package io.dbflip.progress;

/**
 * One task's progress: told how much is done (of a total given at the start, or of none when the
 * total is unknown) as often as the task likes; it decides itself when to draw. Close it when the
 * task stops (done or failed): it draws a last line, so even a short task says what it moved.
 */
public interface Progress extends AutoCloseable {
    /** How much is done now (bytes, statements, chunks…), counted from the start. */
    void update(long done);

    /** Like {@link #update(long)}, with a short note drawn after the figures ("uploaded 12 MB compressed"). */
    void update(long done, String note);

    /** The total became known or changed (e.g. a checksum learns its chunk count as it goes). */
    void total(long total);

    @Override
    void close();

    /** Draws nothing. */
    Progress NONE = new Progress() {
        @Override
        public void update(long done) {
        }

        @Override
        public void update(long done, String note) {
        }

        @Override
        public void total(long total) {
        }

        @Override
        public void close() {
        }
    };
}
