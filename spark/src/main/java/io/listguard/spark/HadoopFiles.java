package io.listguard.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The job's files through Hadoop's file systems (a local path, HDFS, S3 through s3a...), with the driver's
 * configuration carried to the executors, so that a task opens the records file and writes its part files as the
 * driver would.
 */
final class HadoopFiles implements Serializable {

    private static final long serialVersionUID = 1L;

    private final byte[] configuration;
    private transient Configuration conf;

    HadoopFiles(Configuration driver) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            driver.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.configuration = bytes.toByteArray();
        this.conf = driver;
    }

    Configuration conf() {
        if (conf == null) {
            Configuration read = new Configuration(false);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(configuration))) {
                read.readFields(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            conf = read;
        }
        return conf;
    }

    FileSystem fs(String path) throws IOException {
        return new Path(path).getFileSystem(conf());
    }

    FSDataInputStream open(String path) throws IOException {
        return fs(path).open(new Path(path));
    }

    long size(String path) throws IOException {
        return fs(path).getFileStatus(new Path(path)).getLen();
    }

    OutputStream create(String path) throws IOException {
        return fs(path).create(new Path(path), true);
    }
}
