package io.lifeboat.core.archive;

import static io.lifeboat.core.archive.ArchiveFixtures.random;
import static io.lifeboat.core.archive.ArchiveFixtures.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ArchiveFramedZstdTest {
    private static final ArchiveOptions OPTIONS = new ArchiveOptions(4096, 3, 2);

    @Test
    void cutsExactFramesAndTracksPositions() throws IOException {
        byte[] data = compressible(4096 * 5 + 100);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ArchiveSummary s;
        try (FramedZstdOutputStream z = new FramedZstdOutputStream(out, OPTIONS)) {
            z.write(data, 0, 4095);
            assertThat(z.rawPosition()).isEqualTo(4095);
            assertThat(z.currentFrameIndex()).isZero();
            z.write(data[4095]);
            assertThat(z.currentFrameIndex()).isEqualTo(1);
            z.write(data, 4096, data.length - 4096);
            assertThat(z.rawPosition()).isEqualTo(data.length);
            assertThat(z.currentFrameIndex()).isEqualTo(5);
            s = z.finish();
            assertThat(z.finish()).isSameAs(s);
        }

        assertThat(s.frames()).extracting(Frame::rawSize).containsExactly(4096L, 4096L, 4096L, 4096L, 4096L, 100L);
        assertThat(s.rawSize()).isEqualTo(data.length);
        assertThat(s.storedSize()).isEqualTo(out.size()).isLessThan(data.length / 2);
        assertThat(s.sha256()).isEqualTo(sha256(out.toByteArray()));
        assertThat(ArchiveRoundTripTest.decompressAll(out.toByteArray())).isEqualTo(data);
    }

    @Test
    void byteByByteAndBulkWritesGiveTheSameStream() throws IOException {
        byte[] data = random(10_000, 3);
        ByteArrayOutputStream bulk = new ByteArrayOutputStream();
        ByteArrayOutputStream single = new ByteArrayOutputStream();
        try (FramedZstdOutputStream a = new FramedZstdOutputStream(bulk, OPTIONS);
             FramedZstdOutputStream b = new FramedZstdOutputStream(single, OPTIONS)) {
            a.write(data);
            for (byte x : data) {
                b.write(x);
            }
            assertThat(a.finish()).isEqualTo(b.finish());
        }
        assertThat(bulk.toByteArray()).isEqualTo(single.toByteArray());
    }

    @Test
    void anEmptyStreamIsOneEmptyFrame() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FramedZstdOutputStream z = new FramedZstdOutputStream(out, OPTIONS)) {
            ArchiveSummary s = z.finish();
            assertThat(s.frames()).singleElement().satisfies(f -> assertThat(f.rawSize()).isZero());
        }
        assertThat(out.size()).isPositive();
        assertThat(ArchiveRoundTripTest.decompressAll(out.toByteArray())).isEmpty();
    }

    @Test
    void finishDoesNotCloseTheOutput() throws IOException {
        boolean[] closed = {false};
        OutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        try (FramedZstdOutputStream z = new FramedZstdOutputStream(out, OPTIONS)) {
            z.write(new byte[] {1, 2, 3});
            z.finish();
        }
        assertThat(closed[0]).isFalse();
    }

    @Test
    void outputFailuresSurfaceOnLaterWritesAndFinish() throws IOException {
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("disk full");
            }
        };
        try (FramedZstdOutputStream z = new FramedZstdOutputStream(failing, OPTIONS)) {
            assertThatThrownBy(() -> {
                for (int i = 0; i < 100; i++) {
                    z.write(new byte[4096]);
                }
            }).isInstanceOf(IOException.class).hasMessageContaining("disk full");
            assertThatThrownBy(() -> z.write(1)).isInstanceOf(IOException.class).hasMessageContaining("disk full");
            assertThatThrownBy(z::finish).isInstanceOf(IOException.class).hasMessageContaining("disk full");
        }
    }

    @Test
    void closedWithoutFinishRefusesFurtherUse() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FramedZstdOutputStream z = new FramedZstdOutputStream(out, OPTIONS);
        z.write(new byte[10_000]);
        z.close();
        assertThatThrownBy(() -> z.write(1)).isInstanceOf(IOException.class).hasMessageContaining("closed");
        assertThatThrownBy(z::finish).isInstanceOf(IOException.class);
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> new ArchiveOptions(10, 3, 1)).hasMessageContaining("frameSize");
        assertThatThrownBy(() -> new ArchiveOptions(4096, 99, 1)).hasMessageContaining("level");
        assertThatThrownBy(() -> new ArchiveOptions(4096, 3, 0)).hasMessageContaining("threads");
        assertThat(ArchiveOptions.DEFAULT.frameSize()).isEqualTo(4 << 20);
        assertThat(ArchiveOptions.DEFAULT.level()).isEqualTo(3);
    }

    private static byte[] compressible(int size) {
        byte[] data = new byte[size];
        byte[] line = "2024-03-01 10:00:00.000 INFO [main] c.e.Service - handled request id=".getBytes();
        for (int i = 0; i < size; i++) {
            data[i] = line[i % line.length];
        }
        Arrays.fill(data, size / 2, size / 2 + 10, (byte) 'x');
        return data;
    }
}
