package io.dbflip.report;

import io.dbflip.flip.Check;
import io.dbflip.flip.FlipReport;
import io.dbflip.flip.StepRecord;
import io.dbflip.verify.Probe;
import io.dbflip.verify.ProbeResult;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

public class FlipHtmlTest {
    static final long T0 = 1_780_000_000_000_000L;

    /** Steps 0..14, each 1 ms apart; steps 3..10 the blackout; the blackout = step 3 start → step 10 end. */
    public static FlipReport report() {
        List<StepRecord> steps = new ArrayList<>();
        long t = T0 + 500;
        for (int i = 0; i <= 14; i++) {
            long len = i == 7 ? 4_000 : 700;
            steps.add(new StepRecord(i, "step <" + i + ">", t, t + len, len / 1000.0, "ok", i == 9 ? "a|b & c" : null));
            t += len + 300;
        }
        long fence = steps.get(3).startEpochMicros();
        long unfence = steps.get(10).endEpochMicros();
        return new FlipReport("20261203-1", "sandbox", "aurora-a", "aurora-b", "completed", null, T0, t + 200,
                (unfence - fence) / 1000.0, List.of(Check.pass("gtid", "on"), Check.fail("lag", "3 s", "wait")), steps,
                List.of(), new LinkedHashMap<>(Map.of("ttl", 1)), List.of("a note"));
    }

    static Document svg(String html) throws Exception {
        String svg = html.substring(html.indexOf("<svg"), html.indexOf("</svg>") + 6);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> rects(Document d, String cls) {
        List<Element> out = new ArrayList<>();
        NodeList all = d.getElementsByTagName("rect");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if ((" " + e.getAttribute("class") + " ").contains(" " + cls + " ")) {
                out.add(e);
            }
        }
        return out;
    }

    static double num(Element e, String attr) {
        return Double.parseDouble(e.getAttribute(attr));
    }

    @Test
    void oneBarPerStepInOrder() throws Exception {
        FlipReport r = report();
        Document d = svg(FlipHtml.render(r, null));
        List<Element> bars = rects(d, "step");
        assertThat(bars).hasSize(r.steps().size());
        assertThat(bars.stream().map(e -> Integer.parseInt(e.getAttribute("data-step"))).toList())
                .containsExactlyElementsOf(r.steps().stream().map(StepRecord::no).toList());
        // bars never go backwards and the long step is the widest
        for (int i = 1; i < bars.size(); i++) {
            assertThat(num(bars.get(i), "x")).isGreaterThan(num(bars.get(i - 1), "x"));
        }
        assertThat(num(bars.get(7), "width")).isGreaterThan(num(bars.get(6), "width") * 4);
    }

    @Test
    void blackoutSpansFenceToUnfence() throws Exception {
        FlipReport r = report();
        Document d = svg(FlipHtml.render(r, null));
        Element b = d.getElementById("blackout") != null ? d.getElementById("blackout") : rects(d, "blackout").get(0);
        assertThat(b.getAttribute("id")).isEqualTo("blackout");
        List<Element> bars = rects(d, "step");
        Element fence = bars.get(3);
        Element unfence = bars.get(10);
        assertThat(num(b, "x")).isCloseTo(num(fence, "x"), within(0.02));
        assertThat(num(b, "x") + num(b, "width")).isCloseTo(num(unfence, "x") + num(unfence, "width"), within(0.02));
        assertThat(Long.parseLong(b.getAttribute("data-start-us"))).isEqualTo(r.steps().get(3).startEpochMicros());
        assertThat(Long.parseLong(b.getAttribute("data-end-us"))).isEqualTo(r.steps().get(10).endEpochMicros());
    }

    @Test
    void noBlackoutWhenTheFlipNeverFenced() throws Exception {
        FlipReport r = report();
        FlipReport dry = new FlipReport(r.flipId(), r.cluster(), r.from(), r.to(), "rolled back", "x", r.startedEpochMicros(),
                r.finishedEpochMicros(), null, r.checks(), r.steps().subList(0, 3), List.of(), Map.of(), List.of());
        Document d = svg(FlipHtml.render(dry, null));
        assertThat(rects(d, "blackout")).isEmpty();
        assertThat(rects(d, "step")).hasSize(3);
    }

    @Test
    void probeGapsOnTheSameAxis() throws Exception {
        FlipReport r = report();
        long gapStart = r.steps().get(3).startEpochMicros() + 100;
        long gapEnd = r.steps().get(10).endEpochMicros() + 300;
        ProbeResult p = new ProbeResult("probe-1", 1000, 990, 10, 2, (gapEnd - gapStart) / 1000.0,
                List.of(new Probe.Gap(gapStart, gapEnd, "10.0.0.1", "10.0.0.2"),
                        new Probe.Gap(T0 - 60_000_000, T0 - 59_000_000, "x", "y")),
                new BitSet(), T0 - 100_000_000, T0 + 100_000_000);
        String html = FlipHtml.render(r, p);
        Document d = svg(html);
        List<Element> gaps = rects(d, "gap");
        assertThat(gaps).as("only the gap inside the flip's axis").hasSize(1);
        assertThat(num(gaps.get(0), "x")).isGreaterThan(num(d.getElementById("blackout") == null ? rects(d, "blackout").get(0)
                : d.getElementById("blackout"), "x"));
        assertThat(rects(d, "ack")).hasSize(1);
        assertThat(html).contains("id=\"client-gap-ms\">" + Html.ms((gapEnd - gapStart) / 1000.0));
    }

    @Test
    void aReportReadBackWithMissingPartsStillRenders() {
        FlipReport r = io.dbflip.report.Reports.parse("{\"flipId\":\"x\",\"cluster\":\"c\",\"outcome\":\"completed\"}").orElseThrow();
        assertThat(FlipHtml.render(r, null)).contains("Flip x", "<svg");
    }

    @Test
    void selfContainedAndEscaped() {
        // the SVG namespace is a name, not a fetch
        String html = FlipHtml.render(report(), null).replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assertThat(html).doesNotContain("http://", "https://", "<script src", "<link", "url(");
        assertThat(html).contains("step &lt;3&gt;", "a|b &amp; c", "FAIL");
    }
}
