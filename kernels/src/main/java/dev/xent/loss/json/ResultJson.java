package dev.xent.loss.json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import dev.xent.loss.Aggregates;
import dev.xent.loss.Summaries;
import dev.xent.loss.SummaryReport;

/**
 * The contract's JSON for a result: the aggregates ({@code count}, {@code weightSum},
 * {@code sum}, {@code mean} or {@code null}) and, when asked, the {@code summaries}, one
 * member per summary in the request's order, every ratio without a denominator as
 * {@code null}. The service's answers, its Arrow schema metadata and the Spark
 * integration all write results with this class, so that they print the same bytes.
 */
public final class ResultJson {

	private ResultJson() {
	}

	/** The aggregates as a JSON object. */
	public static String toJson(Aggregates a) {
		return toJson(a, null);
	}

	/**
	 * The aggregates and summaries as a JSON object.
	 * @param summaries the summaries, or {@code null}
	 */
	public static String toJson(Aggregates a, SummaryReport summaries) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
		try {
			JsonOutput json = new JsonOutput(bytes, 256);
			writeHead(json, a, summaries);
			json.ascii("}").flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toString(StandardCharsets.US_ASCII);
	}

	/**
	 * Writes the object's opening brace, the aggregates and the summaries, leaving the
	 * object open for more members.
	 * @param summaries the summaries, or {@code null}
	 */
	public static void writeHead(JsonOutput json, Aggregates a, SummaryReport summaries) throws IOException {
		writeAggregates(json, a);
		writeSummaries(json, summaries);
	}

	private static void writeAggregates(JsonOutput json, Aggregates a) throws IOException {
		json.ascii("{\"count\":").ascii(Long.toString(a.count()));
		json.ascii(",\"weightSum\":").number(a.weightSum());
		json.ascii(",\"sum\":").number(a.sum());
		json.ascii(",\"mean\":");
		if (a.mean() != null) {
			json.number(a.mean());
		}
		else {
			json.ascii("null");
		}
	}

	private static void writeSummaries(JsonOutput json, SummaryReport s) throws IOException {
		if (s == null) {
			return;
		}
		json.ascii(",\"summaries\":{");
		String comma = "";
		for (Summaries.Kind kind : s.kinds()) {
			json.ascii(comma).ascii("\"").ascii(kind.wireName()).ascii("\":");
			comma = ",";
			switch (kind) {
				case STDERR -> writeStderr(json, s.stderr());
				case ACCURACY -> writeAccuracy(json, s.accuracy());
				case CALIBRATION -> writeCalibration(json, s.calibration());
				case WORST -> {
					json.ascii("[");
					String separator = "";
					for (SummaryReport.Worst w : s.worst()) {
						json.ascii(separator).ascii("{\"index\":").ascii(Long.toString(w.index()));
						json.ascii(",\"loss\":").number(w.loss()).ascii("}");
						separator = ",";
					}
					json.ascii("]");
				}
				case GROUPS -> {
					json.ascii("{");
					String separator = "";
					for (var entry : s.groups().entrySet()) {
						json.ascii(separator).string(entry.getKey()).ascii(":");
						writeGroup(json, entry.getValue());
						separator = ",";
					}
					json.ascii("}");
				}
				case DIVERGENCE -> {
					json.ascii("{\"entropy\":").nullable(s.divergence().entropy());
					json.ascii(",\"kl\":").nullable(s.divergence().kl()).ascii("}");
				}
				case PERPLEXITY -> {
					json.ascii("{\"perplexity\":").nullable(s.perplexity().perplexity());
					json.ascii(",\"bitsPerSample\":").nullable(s.perplexity().bitsPerSample()).ascii("}");
				}
			}
		}
		json.ascii("}");
	}

	private static void writeStderr(JsonOutput json, SummaryReport.Stderr s) throws IOException {
		json.ascii("{\"n\":").ascii(Long.toString(s.n()));
		json.ascii(",\"mean\":").nullable(s.mean());
		json.ascii(",\"stderr\":").nullable(s.stderr());
		json.ascii(",\"ci95\":").interval(s.ci95());
		json.ascii(",\"m2\":").number(s.m2());
		json.ascii(",\"cross\":").number(s.cross());
		json.ascii(",\"weightSquares\":").number(s.weightSquares()).ascii("}");
	}

	private static void writeGroup(JsonOutput json, SummaryReport.Group g) throws IOException {
		json.ascii("{\"count\":").ascii(Long.toString(g.count()));
		json.ascii(",\"weightSum\":").number(g.weightSum());
		json.ascii(",\"sum\":").number(g.sum());
		json.ascii(",\"mean\":").nullable(g.mean());
		json.ascii(",\"m2\":").number(g.m2());
		json.ascii(",\"cross\":").number(g.cross());
		json.ascii(",\"weightSquares\":").number(g.weightSquares());
		json.ascii(",\"stderr\":").nullable(g.stderr());
		json.ascii(",\"ci95\":").interval(g.ci95());
		if (g.accuracy() != null) {
			json.ascii(",\"accuracy\":");
			writeAccuracy(json, g.accuracy());
		}
		json.ascii("}");
	}

	private static void writeAccuracy(JsonOutput json, SummaryReport.Accuracy a) throws IOException {
		json.ascii("{");
		writeRatio(json, a.correct(), a.weight(), a.accuracy());
		if (a.exactMatch() != null) {
			json.ascii(",\"exactMatch\":{");
			writeRatio(json, a.exactMatch().correct(), a.exactMatch().weight(), a.exactMatch().accuracy());
			json.ascii("}");
		}
		if (a.topK() != null) {
			json.ascii(",\"topK\":{\"k\":").ascii(Integer.toString(a.topK().k())).ascii(",");
			writeRatio(json, a.topK().correct(), a.topK().weight(), a.topK().accuracy());
			json.ascii("}");
		}
		json.ascii("}");
	}

	/** The members of a ratio, inside its object. */
	private static void writeRatio(JsonOutput json, double correct, double weight, Double accuracy) throws IOException {
		json.ascii("\"correct\":").number(correct);
		json.ascii(",\"weight\":").number(weight);
		json.ascii(",\"accuracy\":").nullable(accuracy);
	}

	private static void writeCalibration(JsonOutput json, SummaryReport.Calibration c) throws IOException {
		json.ascii("{\"bins\":[");
		String separator = "";
		for (SummaryReport.Bin b : c.bins()) {
			json.ascii(separator).ascii("{\"lower\":").number(b.lower());
			json.ascii(",\"upper\":").number(b.upper());
			json.ascii(",\"weight\":").number(b.weight());
			json.ascii(",\"sumConfidence\":").number(b.sumConfidence());
			json.ascii(",\"sumAccuracy\":").number(b.sumAccuracy()).ascii("}");
			separator = ",";
		}
		json.ascii("],\"ece\":").nullable(c.ece());
		json.ascii(",\"mce\":").nullable(c.mce());
		json.ascii(",\"brier\":").nullable(c.brier());
		json.ascii(",\"brierSum\":").number(c.brierSum()).ascii("}");
	}

}
