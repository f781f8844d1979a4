package io.dbflip.mysql;

/** A binary log coordinate: file and position, comparable within one server's binlog sequence. */
public record BinlogPosition(String file, long position) implements Comparable<BinlogPosition> {

    /** The numeric suffix of the file name ({@code mysql-bin.000042} is 42). */
    public long fileNumber() {
        int dot = file.lastIndexOf('.');
        try {
            return Long.parseLong(file.substring(dot + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public int compareTo(BinlogPosition o) {
        int c = Long.compare(fileNumber(), o.fileNumber());
        return c != 0 ? c : Long.compare(position, o.position);
    }

    @Override
    public String toString() {
        return file + ":" + position;
    }
}
