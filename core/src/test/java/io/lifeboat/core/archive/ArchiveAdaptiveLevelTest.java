package io.lifeboat.core.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdCompressCtx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The adaptive level of {@link FramedZstdOutputStream}: each frame's stored size is checked against
 * what zstd itself gives for that frame at level 1 and at level 3, following the documented rule (a
 * probe every {@value FramedZstdOutputStream#PROBE_EVERY} frames keeps the smaller result; the other
 * frames of a group follow the previous group's probe, the first group its own).
 */
class ArchiveAdaptiveLevelTest {
    private static final int FRAME = 64 * 1024;
    private static final int GROUP = FramedZstdOutputStream.PROBE_EVERY;
    private static final ArchiveOptions ADAPTIVE = new ArchiveOptions(FRAME, 3, 2, true);
    private static final ArchiveOptions FIXED = new ArchiveOptions(FRAME, 3, 2, false);

    @Test
    void hexTextGoesToTheFastLevelWhichStoresLessThanLevel3() throws IOException {
        byte[] data = hexRows(3 * GROUP * FRAME + 1000, 1);
        Written adaptive = write(data, ADAPTIVE);
        Written fixed = write(data, FIXED);

        assertThat(adaptive.fastFrames).isEqualTo(3 * GROUP + 1); // every frame: level 1 wins everywhere
        assertFollowsTheRule(data, adaptive);
        assertThat(adaptive.bytes.length).isLessThan(fixed.bytes.length);
        assertThat(ArchiveRoundTripTest.decompressAll(adaptive.bytes)).isEqualTo(data);
    }

    @Test
    void whereLevel3StoresLessTheStreamIsByteForByteTheFixedLevelOne() throws IOException {
        byte[] data = records(3 * GROUP * FRAME, 2);
        Written adaptive = write(data, ADAPTIVE);
        Written fixed = write(data, FIXED);

        assertThat(adaptive.fastFrames).isZero();
        assertThat(adaptive.bytes).isEqualTo(fixed.bytes);
        assertThat(fixed.fastFrames).isZero();
        assertThat(ArchiveRoundTripTest.decompressAll(adaptive.bytes)).isEqualTo(data);
    }

    @Test
    void aStreamThatChangesKindFollowsItOneGroupLate() throws IOException {
        // two groups of records, three of hex, two of records: the decision flips twice
        byte[] data = concat(records(2 * GROUP * FRAME, 3), hexRows(3 * GROUP * FRAME, 4), records(2 * GROUP * FRAME, 5));
        Written adaptive = write(data, ADAPTIVE);

        List<Boolean> fast = assertFollowsTheRule(data, adaptive);
        assertThat(fast.subList(0, 2 * GROUP)).doesNotContain(true);
        assertThat(fast.subList(3 * GROUP, 5 * GROUP)).doesNotContain(false); // group 2's probe led groups 3 and 4
        assertThat(fast.subList(6 * GROUP, 7 * GROUP)).doesNotContain(true);
        assertThat(adaptive.fastFrames).isEqualTo(fast.stream().filter(f -> f).count());
        assertThat(ArchiveRoundTripTest.decompressAll(adaptive.bytes)).isEqualTo(data);
    }

    @Test
    void theSameBytesGiveTheSameStreamWhateverTheThreads() throws IOException {
        byte[] data = concat(hexRows(2 * GROUP * FRAME, 6), records(GROUP * FRAME + 77, 7));
        Written one = write(data, ADAPTIVE.withThreads(1));
        Written four = write(data, ADAPTIVE.withThreads(4));
        assertThat(four.bytes).isEqualTo(one.bytes);
        assertThat(four.fastFrames).isEqualTo(one.fastFrames).isPositive();
    }

    @Test
    void aLevelAtOrBelowTheFastOneDoesNotAdapt() throws IOException {
        byte[] data = hexRows(GROUP * FRAME * 2, 8);
        Written one = write(data, new ArchiveOptions(FRAME, 1, 2, true));
        assertThat(one.fastFrames).isZero();
        assertThat(new ArchiveOptions(FRAME, 1, 2, true).adapts()).isFalse();
        assertThat(new ArchiveOptions(FRAME, 3, 2, false).adapts()).isFalse();
        assertThat(ArchiveOptions.DEFAULT.adapts()).isTrue();
    }

    /** Asserts each frame's stored size is zstd's own for the level the rule picks; returns the picks. */
    private static List<Boolean> assertFollowsTheRule(byte[] data, Written w) {
        List<Frame> frames = w.summary.frames();
        List<Boolean> fast = new ArrayList<>();
        List<Boolean> probes = new ArrayList<>();
        try (ZstdCompressCtx ctx = new ZstdCompressCtx().setChecksum(true).setContentSize(true)) {
            for (Frame f : frames) {
                byte[] raw = Arrays.copyOfRange(data, (int) f.rawOffset(), (int) (f.rawOffset() + f.rawSize()));
                int l1 = ctx.setLevel(1).compress(raw).length;
                int l3 = ctx.setLevel(3).compress(raw).length;
                boolean pick;
                if (f.index() % GROUP == 0) {
                    pick = l1 <= l3;
                    probes.add(pick);
                } else {
                    pick = probes.get(Math.max(0, f.index() / GROUP - 1));
                }
                fast.add(pick);
                assertThat(f.storedSize()).as("frame %d (level 1: %d, level 3: %d)", f.index(), l1, l3)
                        .isEqualTo(pick ? l1 : l3);
            }
        }
        return fast;
    }

    private record Written(byte[] bytes, ArchiveSummary summary, int fastFrames) {
    }

    private static Written write(byte[] data, ArchiveOptions options) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FramedZstdOutputStream z = new FramedZstdOutputStream(out, options)) {
            z.write(data);
            ArchiveSummary s = z.finish();
            assertThat(s.storedSize()).isEqualTo(out.size());
            return new Written(out.toByteArray(), s, z.fastFrames());
        }
    }

    /** pgbench-like rows whose filler is random hex: level 1 stores them in fewer bytes than level 3. */
    static byte[] hexRows(int size, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(size + 200);
        byte[] filler = new byte[42];
        for (int id = 1; sb.length() < size; id++) {
            r.nextBytes(filler);
            sb.append(id).append('\t').append(1 + id / 100_000).append("\t0\t").append(HexFormat.of().formatHex(filler)).append('\n');
        }
        return Arrays.copyOf(sb.toString().getBytes(StandardCharsets.US_ASCII), size);
    }

    /** JSON-like records of words from a small vocabulary: level 3 stores them in fewer bytes. */
    static byte[] records(int size, long seed) {
        Random r = new Random(seed);
        String[] words = new String[400];
        for (int i = 0; i < words.length; i++) {
            StringBuilder w = new StringBuilder();
            for (int n = 3 + r.nextInt(7); n > 0; n--) {
                w.append((char) ('a' + r.nextInt(26)));
            }
            words[i] = w.toString();
        }
        StringBuilder sb = new StringBuilder(size + 400);
        while (sb.length() < size) {
            sb.append("{\"customer\":\"").append(words[r.nextInt(words.length)]).append(' ').append(words[r.nextInt(words.length)])
                    .append("\",\"city\":\"").append(words[r.nextInt(40)]).append("\",\"amount\":").append(r.nextInt(10_000))
                    .append(",\"note\":\"");
            for (int n = r.nextInt(12); n > 0; n--) {
                sb.append(words[(int) Math.abs(r.nextGaussian() * 60) % words.length]).append(' ');
            }
            sb.append("\"}\n");
        }
        return Arrays.copyOf(sb.toString().getBytes(StandardCharsets.US_ASCII), size);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
