package dev.xent.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

import dev.xent.codec.BodyLimitExceededException;
import dev.xent.codec.MalformedRequestException;
import dev.xent.codec.PayloadTooLargeException;
import dev.xent.codec.PerSampleStore;
import dev.xent.codec.SampleSource;
import dev.xent.codec.SpoolBudget;
import dev.xent.codec.arrow.ArrowResponseWriter;
import dev.xent.codec.arrow.ArrowSampleSource;
import dev.xent.codec.json.JsonDocument;
import dev.xent.codec.json.JsonRequestReader;
import dev.xent.codec.json.JsonResponseWriter;
import dev.xent.codec.json.JsonResponseWriter.GradientScaler;
import dev.xent.codec.jsonl.JsonLinesSampleSource;
import dev.xent.config.XentProperties;
import dev.xent.loss.json.ResultJson;
import dev.xent.loss.Aggregates;
import dev.xent.loss.GroupKeys;
import dev.xent.loss.Loss;
import dev.xent.loss.SampleBatch;
import dev.xent.loss.Scoring;
import dev.xent.loss.Summaries;
import dev.xent.loss.SummaryReport;
import dev.xent.loss.Violations;
import dev.xent.loss.options.MalformedOptionsException;
import dev.xent.loss.options.ParsedBody;
import dev.xent.loss.options.QueryOptions;
import dev.xent.loss.options.RequestFields;
import dev.xent.loss.options.RequestOptions;
import dev.xent.plot.ChartImage;
import dev.xent.plot.Plot;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;

/**
 * The one path of every scoring request, whatever its endpoint and body format: the
 * options (JSON fields or query parameters) become the endpoint's checked {@link Loss};
 * the body's codec yields sample batches; one {@link Scoring} checks and scores them as
 * they come, feeding the request's {@link Summaries} when it asks for any; and once the
 * whole body has been read and checked, the answer is written (aggregates as JSON,
 * per-sample columns as Arrow, or a picture drawn from the same pass's bins as SVG or
 * PNG). Nothing is written before the body has ended, so every error is a complete
 * problem-details response.
 */
@Service
class ScoringService implements DisposableBean {

	static final MediaType ARROW = MediaType.parseMediaType("application/vnd.apache.arrow.stream");

	static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

	static final MediaType JSONL = MediaType.parseMediaType("application/jsonl");

	/** Off-heap bytes of one Arrow answer batch (a per-sample store chunk's columns). */
	private static final long ARROW_OUTPUT_BYTES = 8L << 20;

	/**
	 * Heap bytes of an Arrow slice's columns and the scoring's per-sample buffers (2^18
	 * values per column).
	 */
	private static final long ARROW_SLICE_BUFFERS = 32L << 20;

	/** Heap bytes of a JSON Lines batch's columns. */
	private static final long JSON_LINES_BUFFERS = 32L << 20;

	/** Why per-sample output is refused for a streamed body answered with JSON. */
	private static final String STREAM_PER_SAMPLE = "cannot be true for a streamed body answered with JSON; ask for "
			+ "per-sample output as Arrow (Accept: application/vnd.apache.arrow.stream).";

	/** Why per-sample output is refused with a picture answer. */
	private static final String PICTURE_PER_SAMPLE = "cannot be true with a picture answer, which is drawn from bins; "
			+ "ask for per-sample output as JSON or Arrow in a request of its own.";

	/** The body formats. */
	enum Format {

		JSON, ARROW, JSON_LINES

	}

	/** The answers, by the request's Accept header. */
	enum Answer {

		JSON(MediaType.APPLICATION_JSON), ARROW(ScoringService.ARROW), SVG(MediaType.parseMediaType(ChartImage.SVG)),
		PNG(MediaType.IMAGE_PNG);

		private final MediaType type;

		Answer(MediaType type) {
			this.type = type;
		}

		MediaType type() {
			return this.type;
		}

		/** Whether the answer is a picture of the request ({@code plot}). */
		boolean picture() {
			return this == SVG || this == PNG;
		}

	}

	private final XentProperties.Limits limits;

	private final JsonRequestReader jsonReader;

	private final SpoolBudget spool;

	private final BufferAllocator arrowMemory;

	private final long memoryPerRequest;

	private final ScoringMetrics metrics;

	private final MemoryBudget memory;

	private final int jsonFactor;

	ScoringService(XentProperties properties, ScoringMetrics metrics) {
		this.limits = properties.limits();
		this.jsonReader = new JsonRequestReader(new JsonRequestReader.Limits(this.limits.maxNumbers(),
				this.limits.maxClasses(), this.limits.maxNumberLength(), this.limits.maxStringLength()));
		this.spool = new SpoolBudget(properties.spool().dir(), properties.spool().budget().toBytes());
		this.spool.sweep();
		this.memoryPerRequest = properties.spool().memoryPerRequest().toBytes();
		this.arrowMemory = new RootAllocator(properties.arrow().maxMemory().toBytes());
		this.metrics = metrics;
		this.memory = new MemoryBudget((long) (Runtime.getRuntime().maxMemory() * properties.memory().heapFraction()),
				properties.arrow().maxMemory().toBytes());
		this.jsonFactor = properties.memory().jsonFactor();
	}

	/**
	 * What a request may hold at most, reserved before its body is read: a JSON document
	 * min(Content-Length, document limit) times the parser's factor; a stream one batch
	 * (or line) at its limit and its output buffers.
	 */
	private MemoryBudget.Reservation admit(Format format, long declared, boolean arrowOut) {
		long heap;
		long offHeap = arrowOut ? ARROW_OUTPUT_BYTES : 0;
		long batch = this.limits.maxBatchBytes().toBytes();
		String what;
		switch (format) {
			case JSON -> {
				long document = this.limits.maxBodyBytes().toBytes();
				long body = (declared >= 0) ? Math.min(declared, document) : document;
				heap = body * this.jsonFactor;
				what = "a JSON document of " + body + " bytes";
			}
			case ARROW -> {
				// The batch stays off the heap; it reaches the heap in slices
				// (ArrowSampleSource).
				heap = ARROW_SLICE_BUFFERS + this.memoryPerRequest;
				offHeap += 2 * batch;
				what = "an Arrow record batch of up to " + batch + " bytes";
			}
			default -> {
				heap = 2 * this.limits.maxLineBytes().toBytes() + JSON_LINES_BUFFERS + this.memoryPerRequest;
				what = "JSON lines of up to " + this.limits.maxLineBytes().toBytes() + " bytes";
			}
		}
		if (arrowOut && this.spool.capacity() > 0
				&& this.spool.capacity() - this.spool.used() < this.memoryPerRequest) {
			// The spool is part of admission: a per-sample answer may need it, and it is
			// full now.
			throw new ServiceBusyException(
					"The spool for per-sample answers is taken by other requests now; try again shortly.");
		}
		return this.memory.reserve(heap, offHeap, what);
	}

	/** The format of a body of this media type, or {@code null} for none of ours. */
	static Format formatOf(MediaType type) {
		if (type.isWildcardType() || type.isWildcardSubtype()) {
			return null;
		}
		if (ARROW.isCompatibleWith(type)) {
			return Format.ARROW;
		}
		if (NDJSON.isCompatibleWith(type) || JSONL.isCompatibleWith(type)) {
			return Format.JSON_LINES;
		}
		if (MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
			return Format.JSON;
		}
		return null;
	}

	/**
	 * The answer the client asked for: the first acceptable type by quality, in the
	 * header's order; JSON for none, for {@code *}{@code /*} and {@code application/*};
	 * {@code image/*} is SVG.
	 */
	static Answer answerOf(String accept) {
		if (accept == null || accept.isBlank()) {
			return Answer.JSON;
		}
		List<MediaType> types = MediaType.parseMediaTypes(accept);
		types.sort(java.util.Comparator.comparingDouble(MediaType::getQualityValue).reversed());
		for (MediaType type : types) {
			if (type.getQualityValue() == 0) {
				continue;
			}
			if (type.isWildcardType() || type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
				return Answer.JSON;
			}
			for (Answer answer : new Answer[] { Answer.ARROW, Answer.SVG, Answer.PNG }) {
				if (answer.type().isCompatibleWith(type)) {
					return answer;
				}
			}
		}
		return Answer.JSON;
	}

	void score(Endpoint endpoint, HttpServletRequest request, HttpServletResponse response) throws IOException {
		Format format = formatOf(MediaType.parseMediaType(request.getContentType()));
		Answer answer = answerOf(request.getHeader("Accept"));
		boolean arrowOut = answer == Answer.ARROW;
		try (MemoryBudget.Reservation reservation = admit(format, request.getContentLengthLong(), arrowOut);
				BufferAllocator allocator = this.arrowMemory.newChildAllocator(endpoint.path(), 0,
						Math.max(reservation.offHeap(), 1))) {
			InputStream body = request.getInputStream();
			ParsedBody options;
			SampleSource source;
			JsonDocument document = null;
			GroupKeys groups = new GroupKeys(this.limits.maxGroups());
			if (format == Format.JSON) {
				if (request.getQueryString() != null && !request.getQueryString().isEmpty()) {
					throw new MalformedRequestException(null,
							"A JSON body carries its options in the document; remove the query parameters.");
				}
				document = JsonDocument.read(this.jsonReader, body, endpoint.fields(), endpoint.layout(), groups);
				options = document.fields();
				source = document;
			}
			else {
				options = queryOptions(request.getQueryString(), endpoint.fields(), this.limits.maxStringLength());
				source = null;
			}
			Violations v = options.violations();
			RequestOptions common = RequestOptions.of(options, endpoint.inputTypes(), v);
			Loss loss = endpoint.loss(common.inputType(), options, v);
			Plot plot = PlotOption.plot(options, answer.picture(), v);
			Summaries summaries = endpoint.summaries(common.inputType(), options,
					(plot != null) ? plot.needs() : Summaries.Needs.NONE, v);
			boolean streamed = format != Format.JSON;
			boolean includeLosses;
			boolean includeGradients;
			if (arrowOut) {
				if (common.includeLosses() != null) {
					v.add("/includeLosses",
							"does not apply to Arrow output, which always has the loss column; remove it.");
				}
				includeLosses = true;
				includeGradients = !Boolean.FALSE.equals(common.includeGradients());
			}
			else if (answer.picture()) {
				includeLosses = perSampleOff(common.includeLosses(), "includeLosses", PICTURE_PER_SAMPLE, v);
				includeGradients = perSampleOff(common.includeGradients(), "includeGradients", PICTURE_PER_SAMPLE, v);
			}
			else {
				includeLosses = streamed ? perSampleOff(common.includeLosses(), "includeLosses", STREAM_PER_SAMPLE, v)
						: !Boolean.FALSE.equals(common.includeLosses());
				includeGradients = streamed
						? perSampleOff(common.includeGradients(), "includeGradients", STREAM_PER_SAMPLE, v)
						: !Boolean.FALSE.equals(common.includeGradients());
			}
			if (document != null) {
				document.checkShapes(v);
			}
			v.throwIfAny();
			if (source == null) {
				// Summaries that take per-sample losses, without per-sample output, are
				// scored in short slices: an Arrow body is decoded in those.
				boolean slices = Scoring.scoresInSlices(summaries, includeLosses || includeGradients);
				source = (format == Format.ARROW)
						? new ArrowSampleSource(body, endpoint.layout(), allocator,
								this.limits.maxBatchBytes().toBytes(), groups)
							.sliceFor(slices ? Scoring.SLICE : Integer.MAX_VALUE,
									slices ? Scoring.SLICE_VALUES : Integer.MAX_VALUE)
						: new JsonLinesSampleSource(body, endpoint.layout(),
								new JsonLinesSampleSource.Limits((int) this.limits.maxLineBytes().toBytes(),
										this.limits.maxClasses(), this.limits.maxNumberLength(),
										this.limits.maxStringLength(), 8192),
								groups);
			}
			boolean perSample = includeLosses || includeGradients;
			try (PerSampleStore store = perSample
					? new PerSampleStore(includeGradients, this.memoryPerRequest, arrowOut ? this.spool : null)
					: null) {
				Scoring scoring = new Scoring(loss, common.reduction(), store, this.limits.maxSamples(), summaries);
				readAll(source, scoring);
				Aggregates aggregates = scoring.finish();
				SummaryReport report = (summaries != null) ? summaries.report(aggregates, groups) : null;
				double scale = scoring.gradientScale(aggregates.weightSum());
				GradientScaler scaler = (weights, raw, rows, width, out) -> loss.scaleGradients(scale, weights, raw,
						rows, width, out);
				this.metrics.scored(endpoint.path(), aggregates.samples());
				if (plot != null) {
					PictureResponse.write(answer == Answer.SVG, plot.chart(aggregates, report,
							summaries.lossHistogram(), endpoint.family(), endpoint.path()), response);
					return;
				}
				OutputStream out = response.getOutputStream();
				if (arrowOut) {
					response.setContentType(ARROW.toString());
					ArrowResponseWriter.write(ResultJson.toJson(aggregates, report), store, aggregates.vector(),
							includeGradients, scaler, allocator, out);
				}
				else {
					response.setContentType(MediaType.APPLICATION_JSON_VALUE);
					JsonResponseWriter.write(aggregates, report, store, includeLosses, includeGradients, scaler, out);
				}
			}
			finally {
				if (source instanceof AutoCloseable closeable) {
					closeQuietly(closeable);
				}
			}
		}
	}

	/**
	 * The options of a streamed body from its query string ({@link QueryOptions}); a
	 * malformed parameter is a 400.
	 */
	static ParsedBody queryOptions(String query, RequestFields fields, int maxLength) {
		try {
			return QueryOptions.parse(query, fields, maxLength);
		}
		catch (MalformedOptionsException ex) {
			throw new MalformedRequestException(ex.pointer(), ex.getMessage());
		}
	}

	/** Every batch of the body into the scoring; the body's read errors as problems. */
	private static void readAll(SampleSource source, Scoring scoring) {
		try {
			for (SampleBatch batch = source.next(); batch != null; batch = source.next()) {
				scoring.accept(batch);
			}
		}
		catch (BodyLimitExceededException ex) {
			throw new PayloadTooLargeException(ex.getMessage());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Per-sample output that an answer does not carry (JSON for a streamed body, a
	 * picture): off by default, false accepted, true refused with {@code why}.
	 */
	private static boolean perSampleOff(Boolean given, String field, String why, Violations v) {
		if (Boolean.TRUE.equals(given)) {
			v.add("/" + field, why);
		}
		return false;
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// Closing frees buffers; a failure to do so changes nothing for the answer.
		}
	}

	@Override
	public void destroy() {
		this.arrowMemory.close();
	}

}
