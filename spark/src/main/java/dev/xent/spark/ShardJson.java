package dev.xent.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xent.loss.Aggregates;
import dev.xent.loss.Summaries;
import dev.xent.loss.SummaryMerge;
import dev.xent.loss.SummaryReport;

/**
 * Reads a result as the service writes it ({@code ResultJson}: aggregates and summaries)
 * back into the kernels' records, so that shards merge "from nothing but what each
 * shard's response carries" (API.md, "Merging shards"). Every number round-trips exactly:
 * the writer prints each double in its shortest form that parses back to the same double.
 * Derived numbers (means, ratios, intervals) are read too, though {@link SummaryMerge}
 * recomputes them from the sums.
 */
final class ShardJson {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private ShardJson() {
	}

	/**
	 * @param samples N of the shard, ignored samples included (not in the JSON)
	 * @param width values per prediction row (not in the JSON)
	 * @param vector whether predictions are vectors (not in the JSON)
	 * @param indexShift added to every index of the worst list (the shard's first row in
	 * the whole)
	 */
	static SummaryMerge.Shard read(String json, long samples, int width, boolean vector, long indexShift) {
		JsonNode root;
		try {
			root = MAPPER.readTree(json);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("a shard's result is not JSON: " + ex.getOriginalMessage(), ex);
		}
		Aggregates a = new Aggregates(root.get("count").longValue(), number(root, "weightSum"), number(root, "sum"),
				nullable(root, "mean"), samples, width, vector);
		JsonNode s = root.get("summaries");
		return new SummaryMerge.Shard(a, (s != null) ? summaries(s, indexShift) : null);
	}

	private static SummaryReport summaries(JsonNode s, long indexShift) {
		List<Summaries.Kind> kinds = new ArrayList<>();
		SummaryReport.Stderr stderr = null;
		SummaryReport.Accuracy accuracy = null;
		SummaryReport.Calibration calibration = null;
		List<SummaryReport.Worst> worst = null;
		Map<String, SummaryReport.Group> groups = null;
		SummaryReport.Divergence divergence = null;
		SummaryReport.Perplexity perplexity = null;
		for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext();) {
			Map.Entry<String, JsonNode> member = it.next();
			Summaries.Kind kind = Summaries.Kind.of(member.getKey());
			JsonNode n = member.getValue();
			kinds.add(kind);
			switch (kind) {
				case STDERR -> stderr = new SummaryReport.Stderr(n.get("n").longValue(), nullable(n, "mean"),
						nullable(n, "stderr"), interval(n.get("ci95")), number(n, "m2"), number(n, "cross"),
						number(n, "weightSquares"));
				case ACCURACY -> accuracy = accuracy(n);
				case CALIBRATION -> {
					List<SummaryReport.Bin> bins = new ArrayList<>();
					for (JsonNode b : n.get("bins")) {
						bins.add(new SummaryReport.Bin(number(b, "lower"), number(b, "upper"), number(b, "weight"),
								number(b, "sumConfidence"), number(b, "sumAccuracy")));
					}
					calibration = new SummaryReport.Calibration(bins, nullable(n, "ece"), nullable(n, "mce"),
							nullable(n, "brier"), number(n, "brierSum"));
				}
				case WORST -> {
					worst = new ArrayList<>();
					for (JsonNode w : n) {
						worst.add(new SummaryReport.Worst(w.get("index").longValue() + indexShift, number(w, "loss")));
					}
				}
				case GROUPS -> {
					groups = new LinkedHashMap<>();
					for (Iterator<Map.Entry<String, JsonNode>> g = n.fields(); g.hasNext();) {
						Map.Entry<String, JsonNode> e = g.next();
						JsonNode x = e.getValue();
						groups.put(e.getKey(),
								new SummaryReport.Group(x.get("count").longValue(), number(x, "weightSum"),
										number(x, "sum"), nullable(x, "mean"), number(x, "m2"), number(x, "cross"),
										number(x, "weightSquares"), nullable(x, "stderr"), interval(x.get("ci95")),
										x.has("accuracy") ? accuracy(x.get("accuracy")) : null));
					}
				}
				case DIVERGENCE -> divergence = new SummaryReport.Divergence(nullable(n, "entropy"), nullable(n, "kl"));
				case PERPLEXITY ->
					perplexity = new SummaryReport.Perplexity(nullable(n, "perplexity"), nullable(n, "bitsPerSample"));
			}
		}
		return new SummaryReport(kinds, stderr, accuracy, calibration, worst, groups, divergence, perplexity);
	}

	private static SummaryReport.Accuracy accuracy(JsonNode n) {
		JsonNode exact = n.get("exactMatch");
		JsonNode top = n.get("topK");
		return new SummaryReport.Accuracy(number(n, "correct"), number(n, "weight"), nullable(n, "accuracy"),
				(exact != null) ? new SummaryReport.Ratio(number(exact, "correct"), number(exact, "weight"),
						nullable(exact, "accuracy")) : null,
				(top != null) ? new SummaryReport.TopK(top.get("k").intValue(), number(top, "correct"),
						number(top, "weight"), nullable(top, "accuracy")) : null);
	}

	private static SummaryReport.Interval interval(JsonNode n) {
		return (n == null || n.isNull()) ? null
				: new SummaryReport.Interval(n.get(0).doubleValue(), n.get(1).doubleValue());
	}

	private static double number(JsonNode n, String name) {
		JsonNode value = n.get(name);
		if (value == null || !value.isNumber()) {
			throw new IllegalStateException("a shard's result has no number \"" + name + "\"");
		}
		return value.doubleValue();
	}

	private static Double nullable(JsonNode n, String name) {
		JsonNode value = n.get(name);
		return (value == null || value.isNull()) ? null : value.doubleValue();
	}

}
