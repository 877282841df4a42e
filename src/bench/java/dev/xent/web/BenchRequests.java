package dev.xent.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import dev.xent.codec.ColumnLayout;
import dev.xent.codec.PerSampleStore;
import dev.xent.codec.SampleSource;
import dev.xent.codec.SpoolBudget;
import dev.xent.codec.arrow.ArrowResponseWriter;
import dev.xent.codec.arrow.ArrowSampleSource;
import dev.xent.codec.json.JsonDocument;
import dev.xent.codec.json.JsonRequestReader;
import dev.xent.codec.json.JsonResponseWriter;
import dev.xent.codec.json.JsonResponseWriter.GradientScaler;
import dev.xent.config.XentProperties;
import dev.xent.loss.json.ResultJson;
import dev.xent.loss.options.QueryOptions;
import dev.xent.loss.Aggregates;
import dev.xent.loss.GroupKeys;
import dev.xent.loss.Loss;
import dev.xent.loss.Reduction;
import dev.xent.loss.SampleBatch;
import dev.xent.loss.Scoring;
import dev.xent.loss.Summaries;
import dev.xent.loss.SummaryReport;
import dev.xent.loss.Violations;
import dev.xent.loss.options.ParsedBody;
import dev.xent.loss.options.RequestOptions;
import dev.xent.plot.ChartImage;
import dev.xent.plot.Plot;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.FieldType;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;

import org.springframework.boot.context.properties.bind.Binder;

/**
 * The request bodies the benchmarks send, the Jackson baseline, and the service's request path
 * without HTTP, step for step as {@link ScoringService#score} runs it for a JSON body:
 * {@link JsonDocument#read} → {@link RequestOptions} and the endpoint's {@link Loss} → shape
 * checks → {@link Scoring#accept}/{@link Scoring#finish}, with a {@link PerSampleStore} when
 * per-sample output is asked → {@link JsonResponseWriter#write}; and for an Arrow IPC stream
 * body ({@link #serveArrow}): the options from the query string, {@link ArrowSampleSource} in
 * a child of the service's Arrow allocator, the same scoring, and the JSON aggregates or the
 * Arrow answer ({@link ArrowResponseWriter}, per-sample results beyond the request's memory
 * share spooled to disk). What the service adds around it (memory admission, metrics, the
 * servlet streams) is left out. Limits are the defaults of {@code xent.*}
 * ({@link XentProperties}, bound with no property set).
 */
final class BenchRequests {

	/** {@code xent.*} with every default. */
	static final XentProperties PROPERTIES = new Binder().bindOrCreate("xent", XentProperties.class);

	static final XentProperties.Limits LIMITS = PROPERTIES.limits();

	/** The reader, as {@link ScoringService} builds it. */
	static final JsonRequestReader READER = new JsonRequestReader(new JsonRequestReader.Limits(LIMITS.maxNumbers(),
			LIMITS.maxClasses(), LIMITS.maxNumberLength(), LIMITS.maxStringLength()));

	/** The heap share of one request's per-sample results before the spool is used. */
	static final long MEMORY_PER_REQUEST = PROPERTIES.spool().memoryPerRequest().toBytes();

	/**
	 * The baseline's parser: the service's former Jackson settings, with the default limits of
	 * {@code xent.limits.*}.
	 */
	static final JsonFactory FACTORY = JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder()
			.maxNumberLength(LIMITS.maxNumberLength())
			.maxStringLength(LIMITS.maxStringLength())
			.maxNameLength(LIMITS.maxStringLength())
			.maxNestingDepth(16)
			.build())
		.enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
		.enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
		.build();

	/**
	 * {@link JsonDocument}'s constructor, private: a document over a body already read, so that
	 * {@link SmallRequestBenchmark} can time everything after the parse (a document is a
	 * one-shot source).
	 */
	private static final MethodHandle DOCUMENT;

	static {
		try {
			DOCUMENT = MethodHandles.privateLookupIn(JsonDocument.class, MethodHandles.lookup())
				.findConstructor(JsonDocument.class,
						MethodType.methodType(void.class, ParsedBody.class, ColumnLayout.class));
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private BenchRequests() {
	}

	/**
	 * N binary probabilities printed as a float32 model emits them (shortest float repr,
	 * "0.73519003"), labels 0/1 drawn with that probability: about 13 bytes a sample.
	 */
	static byte[] binary(int samples, boolean includeArrays, long seed) {
		return binary(samples, includeArrays, seed, false);
	}

	/**
	 * As {@link #binary(int, boolean, long)}, or with {@code float64} the probabilities as a
	 * float64 model prints them (17 significant digits, "0.7351900312345678"): about 21
	 * bytes a sample.
	 */
	static byte[] binary(int samples, boolean includeArrays, long seed, boolean float64) {
		BinaryColumns columns = binaryColumns(samples, seed, float64);
		StringBuilder json = new StringBuilder(samples * 22 + 100).append("{\"predictions\":[");
		for (int i = 0; i < samples; i++) {
			double p = columns.predictions()[i];
			json.append((i > 0) ? "," : "").append(float64 ? Double.toString(p) : Float.toString((float) p));
		}
		json.append("],\"labels\":[");
		for (int i = 0; i < samples; i++) {
			json.append((i > 0) ? "," : "").append((columns.labels()[i] == 1) ? '1' : '0');
		}
		json.append("]");
		if (!includeArrays) {
			json.append(",\"includeLosses\":false,\"includeGradients\":false");
		}
		return json.append("}").toString().getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The samples of a binary body: probabilities (float32 values, or float64 ones) and 0/1
	 * labels drawn with them. Any codec's body of the same seed holds the same doubles.
	 */
	record BinaryColumns(double[] predictions, double[] labels) {
	}

	static BinaryColumns binaryColumns(int samples, long seed, boolean float64) {
		SplittableRandom random = new SplittableRandom(seed);
		double[] p = new double[samples];
		for (int i = 0; i < samples; i++) {
			p[i] = float64 ? random.nextDouble() : (float) random.nextDouble();
		}
		double[] y = new double[samples];
		for (int i = 0; i < samples; i++) {
			y[i] = (random.nextDouble() < p[i]) ? 1 : 0;
		}
		return new BinaryColumns(p, y);
	}

	/**
	 * The samples as an Arrow IPC stream, as Arrow Java writes it: a schema of two float64
	 * columns, {@code predictions} and {@code labels} (nullable, with no nulls), then record
	 * batches of {@code batchRows} rows (the last one shorter) and the end-of-stream marker.
	 */
	static byte[] binaryArrow(BinaryColumns columns, int batchRows) {
		return binaryArrow(columns, null, "int64", batchRows);
	}

	/** N × C float32 logits (normal, σ = 3) and class-index labels. */
	static byte[] categoricalLogits(int samples, int classes, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		StringBuilder json = new StringBuilder(samples * classes * 12 + 100)
			.append("{\"inputType\":\"logits\",\"predictions\":[");
		for (int i = 0; i < samples; i++) {
			json.append((i > 0) ? ",[" : "[");
			for (int c = 0; c < classes; c++) {
				json.append((c > 0) ? "," : "").append((float) (3 * gaussian(random)));
			}
			json.append(']');
		}
		json.append("],\"labels\":[");
		for (int i = 0; i < samples; i++) {
			json.append((i > 0) ? "," : "").append(random.nextInt(classes));
		}
		return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
	}

	static double gaussian(SplittableRandom random) {
		double u = random.nextDouble();
		double v = random.nextDouble();
		return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
	}

	/**
	 * The baseline: what Jackson alone needs to stream-parse the bytes, with the service's
	 * former factory settings: nextToken, and getDoubleValue for every number.
	 */
	static double rawParse(byte[] body) {
		double sum = 0;
		try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), new ByteArrayInputStream(body))) {
			JsonToken token;
			while ((token = parser.nextToken()) != null) {
				if (token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT) {
					sum += parser.getDoubleValue();
				}
			}
		}
		return sum;
	}

	/** The service's path for one JSON request: read, check, score, write. */
	static Aggregates serve(byte[] body, Endpoint endpoint, OutputStream out) {
		return scoreAndWrite(read(body, endpoint), endpoint, out);
	}

	/** The reader alone: the whole document into primitive arrays. */
	static JsonDocument read(byte[] body, Endpoint endpoint) {
		return JsonDocument.read(READER, new ByteArrayInputStream(body), endpoint.fields(), endpoint.layout());
	}

	/** A fresh document over a body already read (its fields are not changed by scoring). */
	static JsonDocument document(ParsedBody body, Endpoint endpoint) {
		try {
			return (JsonDocument) DOCUMENT.invokeExact(body, endpoint.layout());
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Everything after the parse of a JSON document, as {@link ScoringService#score} does it:
	 * options, the loss, shapes, then {@link #scoreAndAnswer}.
	 */
	static Aggregates scoreAndWrite(JsonDocument document, Endpoint endpoint, OutputStream out) {
		ParsedBody options = document.fields();
		Violations v = options.violations();
		RequestOptions common = RequestOptions.of(options, endpoint.inputTypes(), v);
		Loss loss = endpoint.loss(common.inputType(), options, v);
		boolean includeLosses = !Boolean.FALSE.equals(common.includeLosses());
		boolean includeGradients = !Boolean.FALSE.equals(common.includeGradients());
		document.checkShapes(v);
		v.throwIfAny();
		return scoreAndAnswer(document, loss, common.reduction(), includeLosses, includeGradients, null, null, out);
	}

	/**
	 * The service's path for a JSON body answered with a picture ({@code Accept: image/svg+xml}
	 * and {@code plot}), as {@link ScoringService#score} runs it: options, the loss, the plot and
	 * the summaries it needs, one scoring pass, then the chart of the bins, written as SVG.
	 */
	static Aggregates servePicture(byte[] body, Endpoint endpoint, OutputStream out) {
		GroupKeys groups = new GroupKeys(LIMITS.maxGroups());
		JsonDocument document = JsonDocument.read(READER, new ByteArrayInputStream(body), endpoint.fields(),
				endpoint.layout(), groups);
		ParsedBody options = document.fields();
		Violations v = options.violations();
		RequestOptions common = RequestOptions.of(options, endpoint.inputTypes(), v);
		Loss loss = endpoint.loss(common.inputType(), options, v);
		Plot plot = PlotOption.plot(options, true, v);
		Summaries summaries = endpoint.summaries(common.inputType(), options, plot.needs(), v);
		document.checkShapes(v);
		v.throwIfAny();
		Scoring scoring = new Scoring(loss, common.reduction(), null, LIMITS.maxSamples(), summaries);
		try {
			readAll(document, scoring);
			Aggregates aggregates = scoring.finish();
			SummaryReport report = summaries.report(aggregates, groups);
			out.write(ChartImage.svg(plot.chart(aggregates, report, summaries.lossHistogram(), endpoint.family(),
					endpoint.path())));
			return aggregates;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The service's path for an Arrow IPC stream body, as {@link ScoringService#score} runs it:
	 * the options from the query string, the samples batch by batch through
	 * {@link ArrowSampleSource}, then the JSON aggregates ({@code arrowAnswer} false: a streamed
	 * body answered with JSON has no per-sample output) or the Arrow answer with losses and,
	 * unless the query turns them off, gradients ({@code Accept:
	 * application/vnd.apache.arrow.stream}).
	 * @param query the raw query string, or {@code null}
	 * @param spool where an Arrow answer's per-sample results beyond the request's memory share
	 * go
	 */
	static Aggregates serveArrow(byte[] body, Endpoint endpoint, String query, boolean arrowAnswer, SpoolBudget spool,
			OutputStream out) {
		BufferAllocator root = ArrowMemory.ROOT;
		try (BufferAllocator allocator = root.newChildAllocator(endpoint.path(), 0, root.getLimit())) {
			ParsedBody options = ScoringService.queryOptions(query, endpoint.fields(), LIMITS.maxStringLength());
			Violations v = options.violations();
			RequestOptions common = RequestOptions.of(options, endpoint.inputTypes(), v);
			Loss loss = endpoint.loss(common.inputType(), options, v);
			boolean includeLosses = arrowAnswer;
			boolean includeGradients = arrowAnswer && !Boolean.FALSE.equals(common.includeGradients());
			if (!arrowAnswer && (Boolean.TRUE.equals(common.includeLosses())
					|| Boolean.TRUE.equals(common.includeGradients()))) {
				throw new IllegalArgumentException("a streamed body answered with JSON has no per-sample output");
			}
			v.throwIfAny();
			try (ArrowSampleSource source = new ArrowSampleSource(new ByteArrayInputStream(body), endpoint.layout(),
					allocator, LIMITS.maxBatchBytes().toBytes(), new GroupKeys(LIMITS.maxGroups()))) {
				return scoreAndAnswer(source, loss, common.reduction(), includeLosses, includeGradients,
						arrowAnswer ? spool : null, arrowAnswer ? allocator : null, out);
			}
		}
	}

	/**
	 * Every batch of a source through one {@link Scoring}, the per-sample results (if asked)
	 * into a {@link PerSampleStore}, then the answer: the part of {@link ScoringService#score}
	 * that every body format shares.
	 * @param spool the spool for per-sample results beyond the request's memory share (an
	 * Arrow answer), or {@code null} to keep them all in memory (a JSON answer)
	 * @param arrowAnswer the request's allocator to write the Arrow answer with, or
	 * {@code null} for the JSON answer
	 */
	static Aggregates scoreAndAnswer(SampleSource source, Loss loss, Reduction reduction, boolean includeLosses,
			boolean includeGradients, SpoolBudget spool, BufferAllocator arrowAnswer, OutputStream out) {
		boolean perSample = includeLosses || includeGradients;
		try (PerSampleStore store = perSample ? new PerSampleStore(includeGradients, MEMORY_PER_REQUEST, spool)
				: null) {
			Scoring scoring = new Scoring(loss, reduction, store, LIMITS.maxSamples());
			readAll(source, scoring);
			Aggregates aggregates = scoring.finish();
			double scale = scoring.gradientScale(aggregates.weightSum());
			GradientScaler scaler = (weights, raw, rows, width, scaled) -> loss.scaleGradients(scale, weights, raw,
					rows, width, scaled);
			if (arrowAnswer != null) {
				ArrowResponseWriter.write(ResultJson.toJson(aggregates), store, aggregates.vector(),
						includeGradients, scaler, arrowAnswer, out);
			}
			else {
				JsonResponseWriter.write(aggregates, store, includeLosses, includeGradients, scaler, out);
			}
			return aggregates;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The service's path for a request whose answer is JSON without per-sample output, with
	 * the summaries its options ask for (none: the plain aggregates), as
	 * {@link ScoringService#score} runs it: a JSON document (options in the body) or an Arrow
	 * IPC stream (options in {@code query}), one scoring pass, then the answer with its
	 * {@code summaries} object.
	 */
	static Aggregates serveSummaries(byte[] body, Endpoint endpoint, boolean arrow, String query,
			OutputStream out) {
		GroupKeys groups = new GroupKeys(LIMITS.maxGroups());
		BufferAllocator root = ArrowMemory.ROOT;
		try (BufferAllocator allocator = root.newChildAllocator(endpoint.path(), 0, root.getLimit())) {
			JsonDocument document = arrow ? null
					: JsonDocument.read(READER, new ByteArrayInputStream(body), endpoint.fields(), endpoint.layout(),
							groups);
			ParsedBody options = arrow
					? ScoringService.queryOptions(query, endpoint.fields(), LIMITS.maxStringLength())
					: document.fields();
			Violations v = options.violations();
			RequestOptions common = RequestOptions.of(options, endpoint.inputTypes(), v);
			Loss loss = endpoint.loss(common.inputType(), options, v);
			Summaries summaries = endpoint.summaries(common.inputType(), options, Summaries.Needs.NONE, v);
			if (document != null) {
				document.checkShapes(v);
			}
			v.throwIfAny();
			// As the service: summaries that take per-sample losses get an Arrow body in
			// short slices.
			boolean slices = Scoring.scoresInSlices(summaries, false);
			SampleSource source = arrow ? new ArrowSampleSource(new ByteArrayInputStream(body), endpoint.layout(),
					allocator, LIMITS.maxBatchBytes().toBytes(), groups)
				.sliceFor(slices ? Scoring.SLICE : Integer.MAX_VALUE, slices ? Scoring.SLICE_VALUES : Integer.MAX_VALUE)
					: document;
			try {
				Scoring scoring = new Scoring(loss, common.reduction(), null, LIMITS.maxSamples(), summaries);
				readAll(source, scoring);
				Aggregates aggregates = scoring.finish();
				SummaryReport report = (summaries != null) ? summaries.report(aggregates, groups) : null;
				JsonResponseWriter.write(aggregates, report, null, false, false, null, out);
				return aggregates;
			}
			finally {
				if (source instanceof AutoCloseable closeable) {
					closeable.close();
				}
			}
		}
		catch (Exception ex) {
			throw (ex instanceof RuntimeException runtime) ? runtime : new IllegalStateException(ex);
		}
	}

	/**
	 * As {@link #binaryArrow(BinaryColumns, int)}, with a third column {@code groups} when
	 * {@code groups} is given, its type named: {@code int64} keys, {@code utf8} keys
	 * {@code "slice-"} and the number, or {@code dict}, those strings as int32 indices into
	 * one dictionary sent before the first batch (as pyarrow writes a pandas category).
	 */
	static byte[] binaryArrow(BinaryColumns columns, long[] groups, String keyType, int batchRows) {
		int samples = columns.predictions().length;
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(samples * 24 + 4096);
		ArrowType.Int index = new ArrowType.Int(32, true);
		DictionaryEncoding encoding = new DictionaryEncoding(1L, false, index);
		try (BufferAllocator allocator = new RootAllocator();
				Float8Vector predictions = new Float8Vector("predictions", allocator);
				Float8Vector labels = new Float8Vector("labels", allocator);
				FieldVector keys = switch (keyType) {
					case "int64" -> new BigIntVector("groups", allocator);
					case "utf8" -> new VarCharVector("groups", allocator);
					case "dict" -> new IntVector("groups", new FieldType(false, index, encoding), allocator);
					default -> throw new IllegalArgumentException("keys: int64, utf8 or dict, not " + keyType);
				};
				VarCharVector slices = new VarCharVector("slices", allocator)) {
			DictionaryProvider.MapDictionaryProvider provider = new DictionaryProvider.MapDictionaryProvider();
			if (groups != null && keyType.equals("dict")) {
				int distinct = (int) Arrays.stream(groups).max().orElse(0) + 1;
				slices.allocateNew(distinct);
				for (int k = 0; k < distinct; k++) {
					slices.setSafe(k, slice(k));
				}
				slices.setValueCount(distinct);
				provider.put(new Dictionary(slices, encoding));
			}
			try (VectorSchemaRoot root = new VectorSchemaRoot(
					(groups != null) ? List.of(predictions, labels, keys) : List.of(predictions, labels));
					ArrowStreamWriter writer = new ArrowStreamWriter(root, provider, Channels.newChannel(bytes))) {
				writer.start();
				for (int from = 0; from < samples; from += batchRows) {
					int rows = Math.min(batchRows, samples - from);
					predictions.allocateNew(rows);
					labels.allocateNew(rows);
					keys.allocateNew();
					for (int i = 0; i < rows; i++) {
						predictions.set(i, columns.predictions()[from + i]);
						labels.set(i, columns.labels()[from + i]);
						if (keys instanceof BigIntVector numbers && groups != null) {
							numbers.setSafe(i, groups[from + i]);
						}
						else if (keys instanceof VarCharVector strings && groups != null) {
							strings.setSafe(i, slice(groups[from + i]));
						}
						else if (keys instanceof IntVector indices && groups != null) {
							indices.setSafe(i, (int) groups[from + i]);
						}
					}
					keys.setValueCount(rows);
					root.setRowCount(rows);
					writer.writeBatch();
				}
				writer.end();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	private static byte[] slice(long key) {
		return ("slice-" + key).getBytes(StandardCharsets.UTF_8);
	}

	/** An Arrow body's sample batches, decoded and not scored: the rows it holds. */
	static long decodeArrow(byte[] body, Endpoint endpoint) throws IOException {
		BufferAllocator root = ArrowMemory.ROOT;
		long rows = 0;
		try (BufferAllocator allocator = root.newChildAllocator(endpoint.path(), 0, root.getLimit());
				ArrowSampleSource source = new ArrowSampleSource(new ByteArrayInputStream(body), endpoint.layout(),
						allocator, LIMITS.maxBatchBytes().toBytes(), new GroupKeys(LIMITS.maxGroups()))) {
			for (SampleBatch batch = source.next(); batch != null; batch = source.next()) {
				rows += batch.rows();
			}
		}
		return rows;
	}

	/**
	 * Binary columns scored by the library alone, as an in-process caller would: the arrays
	 * as one {@link SampleBatch} (no copy) into one {@link Scoring} with the endpoint's
	 * default {@link Loss}, aggregates only.
	 */
	static Aggregates scoreColumns(BinaryColumns columns, Endpoint endpoint) {
		ParsedBody options = QueryOptions.parse(null, endpoint.fields(), LIMITS.maxStringLength());
		Violations v = options.violations();
		RequestOptions common = RequestOptions.of(options, endpoint.inputTypes(), v);
		Loss loss = endpoint.loss(common.inputType(), options, v);
		v.throwIfAny();
		Scoring scoring = new Scoring(loss, common.reduction(), null, LIMITS.maxSamples());
		double[] p = columns.predictions();
		scoring.accept(new SampleBatch(0, p.length, 1, p, columns.labels(), 1, null, null, 0, null, null, null));
		return scoring.finish();
	}

	/** Every batch of the body into the scoring. */
	static void readAll(SampleSource source, Scoring scoring) throws IOException {
		for (SampleBatch batch = source.next(); batch != null; batch = source.next()) {
			scoring.accept(batch);
		}
	}

	/**
	 * The service's Arrow allocator ({@code xent.arrow.max-memory}), made on first use: Arrow's
	 * memory needs {@code --add-opens=java.base/java.nio=ALL-UNNAMED}, which only the Arrow
	 * benchmarks' forks have.
	 */
	private static final class ArrowMemory {

		static final BufferAllocator ROOT = new RootAllocator(PROPERTIES.arrow().maxMemory().toBytes());

	}

}
