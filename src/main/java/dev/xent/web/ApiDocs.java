package dev.xent.web;

/**
 * Texts and runnable examples of the OpenAPI document, kept out of the controller so that
 * it reads as code. The tests post every example request here, and check that each
 * documented response is what the first example of its endpoint really returns.
 */
final class ApiDocs {

	static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";

	static final String BINARY_DESCRIPTION = "One prediction per sample: P(class 1), or a logit. "
			+ "ℓ_i = −s_i·[posWeight·y'_i·log p_i + (1−y'_i)·log(1−p_i)], y' = y·(1−a) + a/2; for logits "
			+ "log p = −softplus(−z) and log(1−p) = −softplus(z), computed stably for any finite z. "
			+ "weightSum = Σ s_i.";

	static final String MULTILABEL_DESCRIPTION = "K independent binary problems per sample. "
			+ "ℓ_i = s_i·(1/K)·Σ_k c_k·e_ik with e_ik the binary term for column k (posWeight per column). "
			+ "weightSum = Σ s_i.";

	static final String CATEGORICAL_DESCRIPTION = "Softmax cross-entropy over C ≥ 2 classes, with class-index "
			+ "`labels` or target distributions `targets` (exactly one of the two). For logits, log p = log_softmax(z) "
			+ "via max-shifted log-sum-exp.";

	static final String BINARY_EXAMPLE_1_NAME = "probabilities";

	static final String BINARY_EXAMPLE_1 = """
			{"predictions": [0.9, 0.2, 0.65], "labels": [1, 0, 1]}""";

	static final String BINARY_EXAMPLE_2_NAME = "logits with options";

	static final String BINARY_EXAMPLE_2 = """
			{"inputType": "logits", "predictions": [2.2, -1.4, 0.3], "labels": [1, 0, 0.8],
			 "sampleWeights": [1, 2, 1], "posWeight": 2, "labelSmoothing": 0.1, "reduction": "sum"}""";

	static final String BINARY_RESPONSE = """
			{"count": 3, "weightSum": 3.0, "sum": 0.7592869830644903, "mean": 0.2530956610214968,
			 "losses": [0.10536051565782628, 0.22314355131420976, 0.4307829160924542],
			 "gradients": [-0.37037037037037035, 0.41666666666666663, -0.5128205128205128]}""";

	static final String MULTILABEL_EXAMPLE_1_NAME = "probabilities";

	static final String MULTILABEL_EXAMPLE_1 = """
			{"predictions": [[0.9, 0.2, 0.6], [0.1, 0.7, 0.4]], "labels": [[1, 0, 1], [0, 1, 0]]}""";

	static final String MULTILABEL_EXAMPLE_2_NAME = "logits with options";

	static final String MULTILABEL_EXAMPLE_2 = """
			{"inputType": "logits", "predictions": [[1.5, -0.3], [-2.0, 0.8]], "labels": [[1, 0], [0, 1]],
			 "posWeight": [1.5, 3], "classWeights": [1, 0.5], "includeLosses": false}""";

	static final String MULTILABEL_RESPONSE = """
			{"count": 2, "weightSum": 2.0, "sum": 0.6040635913668587, "mean": 0.30203179568342936,
			 "losses": [0.2797765635793422, 0.3242870277875165],
			 "gradients": [[-0.18518518518518517, 0.20833333333333331, -0.2777777777777778],
			               [0.18518518518518517, -0.23809523809523808, 0.2777777777777778]]}""";

	static final String CATEGORICAL_EXAMPLE_1_NAME = "logits with labels";

	static final String CATEGORICAL_EXAMPLE_1 = """
			{"inputType": "logits", "predictions": [[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]], "labels": [0, 2]}""";

	static final String CATEGORICAL_EXAMPLE_2_NAME = "probabilities with soft targets";

	static final String CATEGORICAL_EXAMPLE_2 = """
			{"predictions": [[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]], "targets": [[0.9, 0.1, 0], [0, 0.2, 0.8]],
			 "classWeights": [1, 2, 1], "labelSmoothing": 0.1, "reduction": "sum"}""";

	static final String CATEGORICAL_RESPONSE = """
			{"count": 2, "weightSum": 2.0, "sum": 0.35091276117862236, "mean": 0.17545638058931118,
			 "losses": [0.24131129665715703, 0.10960146452146535],
			 "gradients": [[-0.10720148270536206, 0.08764519607001835, 0.019556286635343728],
			               [0.024655663579138242, 0.02724872235352052, -0.05190438593265878]]}""";

	static final String BINARY_EXAMPLE_3_NAME = "evaluation summaries";

	static final String BINARY_EXAMPLE_3 = """
			{"predictions": [0.9, 0.2, 0.65, 0.4, 0.8, 0.1], "labels": [1, 0, 1, 1, 0, 0],
			 "groups": ["en", "en", "de", "de", "fr", "fr"], "calibrationBins": 5, "worstK": 3,
			 "summaries": ["stderr", "accuracy", "calibration", "worst", "groups", "divergence", "perplexity"],
			 "includeLosses": false, "includeGradients": false}""";

	static final String BINARY_SUMMARIES_RESPONSE = """
			{"count": 6, "weightSum": 6.0, "sum": 3.390376143030572, "mean": 0.5650626905050954,
			 "summaries": {
			  "stderr": {"n": 6, "mean": 0.5650626905050954, "stderr": 0.24301390055599484, "ci95": [0.08876419767274729, 1.0413611833374434], "m2": 1.7716726759031687, "cross": -3.3306690738754696e-16, "weightSquares": 6.0},
			  "accuracy": {"correct": 4.0, "weight": 6.0, "accuracy": 0.6666666666666666},
			  "calibration": {"bins": [
			   {"lower": 0.0, "upper": 0.2, "weight": 1.0, "sumConfidence": 0.1, "sumAccuracy": 0.0},
			   {"lower": 0.2, "upper": 0.4, "weight": 1.0, "sumConfidence": 0.2, "sumAccuracy": 0.0},
			   {"lower": 0.4, "upper": 0.6, "weight": 1.0, "sumConfidence": 0.4, "sumAccuracy": 1.0},
			   {"lower": 0.6, "upper": 0.8, "weight": 1.0, "sumConfidence": 0.65, "sumAccuracy": 1.0},
			   {"lower": 0.8, "upper": 1.0, "weight": 2.0, "sumConfidence": 1.7000000000000002, "sumAccuracy": 1.0}],
			   "ece": 0.325, "mce": 0.6, "brier": 0.19708333333333336, "brierSum": 1.1825},
			  "worst": [{"index": 4, "loss": 1.6094379124341005}, {"index": 3, "loss": 0.916290731874155}, {"index": 2, "loss": 0.4307829160924542}],
			  "groups": {
			   "en": {"count": 2, "weightSum": 2.0, "sum": 0.32850406697203605, "mean": 0.16425203348601802, "m2": 0.006936421744216451, "cross": 0.0, "weightSquares": 2.0, "stderr": 0.05889151782819174, "ci95": [0.04882677954786371, 0.2796772874241723], "accuracy": {"correct": 2.0, "weight": 2.0, "accuracy": 1.0}},
			   "de": {"count": 2, "weightSum": 2.0, "sum": 1.3470736479666092, "mean": 0.6735368239833046, "m2": 0.11785891959255894, "cross": 0.0, "weightSquares": 2.0, "stderr": 0.24275390789085038, "ci95": [0.19774790741088422, 1.149325740555725], "accuracy": {"correct": 1.0, "weight": 2.0, "accuracy": 0.5}},
			   "fr": {"count": 2, "weightSum": 2.0, "sum": 1.7147984280919268, "mean": 0.8573992140459634, "m2": 1.131124407746647, "cross": 0.0, "weightSquares": 2.0, "stderr": 0.7520386983881371, "ci95": [-0.6165695497751658, 2.3313679778670924], "accuracy": {"correct": 1.0, "weight": 2.0, "accuracy": 0.5}}},
			  "divergence": {"entropy": 0.0, "kl": 0.5650626905050954},
			  "perplexity": {"perplexity": 1.7595580868494776, "bitsPerSample": 0.8152131413830763}}}""";

	static final String CATEGORICAL_EXAMPLE_3_NAME = "top-k accuracy, calibration, worst samples of a shard";

	static final String CATEGORICAL_EXAMPLE_3 = """
			{"inputType": "logits", "predictions": [[2.0, 0.5, -1.0], [0.1, 0.2, 3.0], [1.0, 1.2, 0.3], [0.0, 2.5, 0.5]],
			 "labels": [0, 2, 0, 1], "summaries": ["accuracy", "calibration", "worst"], "topK": 2,
			 "calibrationBins": 4, "worstK": 2, "indexOffset": 1000, "includeLosses": false,
			 "includeGradients": false}""";

	static final String CATEGORICAL_SUMMARIES_RESPONSE = """
			{"count": 4, "weightSum": 4.0, "sum": 1.5475387815995838, "mean": 0.38688469539989595,
			 "summaries": {
			  "accuracy": {"correct": 3.0, "weight": 4.0, "accuracy": 0.75, "topK": {"k": 2, "correct": 4.0, "weight": 4.0, "accuracy": 1.0}},
			  "calibration": {"bins": [
			   {"lower": 0.0, "upper": 0.25, "weight": 0.0, "sumConfidence": 0.0, "sumAccuracy": 0.0},
			   {"lower": 0.25, "upper": 0.5, "weight": 1.0, "sumConfidence": 0.4493775286427027, "sumAccuracy": 0.0},
			   {"lower": 0.5, "upper": 0.75, "weight": 0.0, "sumConfidence": 0.0, "sumAccuracy": 0.0},
			   {"lower": 0.75, "upper": 1.0, "weight": 3.0, "sumConfidence": 2.503197282189084, "sumAccuracy": 3.0}],
			   "ece": 0.2365450616134046, "mce": 0.4493775286427027, "brier": 0.19451212033232804, "brierSum": 0.7780484813293121},
			  "worst": [{"index": 1002, "loss": 0.9998919235013443}, {"index": 1000, "loss": 0.24131129665715703}]}}""";

	static final String FOCAL_BINARY_DESCRIPTION = "Binary focal loss, one prediction per sample: P(class 1), or "
			+ "a logit. bce = −[y'·log p + (1−y')·log(1−p)], p_t = y'·p + (1−y')·(1−p), α_t = α·y' + (1−α)·(1−y') "
			+ "(1 without alpha); ℓ_i = s_i·α_t·(1−p_t)^γ·bce, y' = y·(1−a) + a/2. ε (or the compat preset) clips "
			+ "the logs only; (1−p_t) uses the unclipped p, and for logits every quantity is computed stably for any "
			+ "finite z. Where 1−p_t = 0 the gradient of the term's factor is 0, its limit, for every γ ≥ 0. "
			+ "weightSum = Σ s_i. γ = 0 without alpha equals /v1/cross-entropy/binary bit for bit.";

	static final String FOCAL_MULTILABEL_DESCRIPTION = "K independent binary focal problems per sample. "
			+ "ℓ_i = s_i·(1/K)·Σ_k e_ik with e_ik the binary focal term for column k; weightSum = Σ s_i. posWeight and "
			+ "classWeights do not apply (422).";

	static final String FOCAL_CATEGORICAL_DESCRIPTION = "Softmax focal loss over C ≥ 2 classes, with class-index "
			+ "`labels` or target distributions `targets` (exactly one of the two). ℓ_i = −s_i·Σ_c α_c·q'_c·"
			+ "(1−p_c)^γ·log p_c, weightSum = Σ s_i over counted samples. For logits and log-probabilities "
			+ "1−p_c = −expm1(log p_c); classWeights does not apply (use alpha, one number or one per class).";

	static final String FOCAL_BINARY_EXAMPLE_1_NAME = "probabilities, default γ = 2";

	static final String FOCAL_BINARY_EXAMPLE_1 = """
			{"predictions": [0.9, 0.2, 0.65], "labels": [1, 0, 1]}""";

	static final String FOCAL_BINARY_EXAMPLE_2_NAME = "logits as torchvision's sigmoid_focal_loss";

	static final String FOCAL_BINARY_EXAMPLE_2 = """
			{"inputType": "logits", "predictions": [2.2, -1.4, 0.3], "labels": [1, 0, 1], "gamma": 2, "alpha": 0.25,
			 "sampleWeights": [1, 2, 1], "reduction": "sum"}""";

	static final String FOCAL_BINARY_RESPONSE = """
			{"count": 3, "weightSum": 3.0, "sum": 0.06275025443047229, "mean": 0.020916751476824095,
			 "losses": [0.0010536051565782623, 0.008925742052568393, 0.05277090722132564],
			 "gradients": [-0.010727738080892116, 0.046419140175227976, -0.16333652657541878]}""";

	static final String FOCAL_MULTILABEL_EXAMPLE_1_NAME = "probabilities";

	static final String FOCAL_MULTILABEL_EXAMPLE_1 = """
			{"predictions": [[0.9, 0.2, 0.6], [0.1, 0.7, 0.4]], "labels": [[1, 0, 1], [0, 1, 0]], "gamma": 1}""";

	static final String FOCAL_MULTILABEL_EXAMPLE_2_NAME = "probabilities as Keras's BinaryFocalCrossentropy";

	static final String FOCAL_MULTILABEL_EXAMPLE_2 = """
			{"predictions": [[0.95, 0.0], [0.3, 1.0]], "labels": [[1, 0], [0, 1]], "gamma": 2, "alpha": 0.25,
			 "compat": "keras", "includeLosses": false}""";

	static final String FOCAL_MULTILABEL_RESPONSE = """
			{"count": 2, "weightSum": 2.0, "sum": 0.19378793186293986, "mean": 0.09689396593146993,
			 "losses": [0.08649833711167362, 0.10728959475126623],
			 "gradients": [[-0.03607860446148956, 0.07885725855236829, -0.19624871507210956],
			               [0.03607860446148957, -0.13087439541836016, 0.19624871507210956]]}""";

	static final String FOCAL_CATEGORICAL_EXAMPLE_1_NAME = "logits with γ and α per class";

	static final String FOCAL_CATEGORICAL_EXAMPLE_1 = """
			{"inputType": "logits", "predictions": [[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]], "labels": [0, 2],
			 "gamma": 2, "alpha": [0.25, 0.5, 1.0]}""";

	static final String FOCAL_CATEGORICAL_EXAMPLE_2_NAME = "probabilities with soft targets as PyTorch";

	static final String FOCAL_CATEGORICAL_EXAMPLE_2 = """
			{"predictions": [[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]], "targets": [[0.9, 0.1, 0], [0, 0.2, 0.8]],
			 "gamma": 0.5, "alpha": 0.25, "compat": "torch", "reduction": "sum"}""";

	static final String FOCAL_CATEGORICAL_RESPONSE = """
			{"count": 2, "weightSum": 2.0, "sum": 0.003954281523244609, "mean": 0.0019771407616223043,
			 "losses": [0.002773187522844952, 0.0011810940003996566],
			 "gradients": [[-0.0034105842600523507, 0.002788406639926587, 6.221776201257646e-4],
			               [7.684987877968285e-4, 8.493225108494433e-4, -0.0016178212986462728]]}""";

	static final String FOCAL_BAD_REQUEST_EXAMPLE = """
			{"type": "urn:xent:problem:malformed-request", "title": "Malformed request", "status": 400,
			 "detail": "Must be a number, not a string.", "instance": "/v1/focal/binary",
			 "errors": [{"pointer": "/gamma", "detail": "Must be a number, not a string."}]}""";

	static final String FOCAL_UNPROCESSABLE_EXAMPLE = """
			{"type": "urn:xent:problem:invalid-values", "title": "Invalid values", "status": 422,
			 "detail": "2 values break the contract; see errors.", "instance": "/v1/focal/categorical",
			 "errors": [{"pointer": "/classWeights", "detail": "does not apply to focal losses; remove it (alpha weighs the classes)."},
			            {"pointer": "/gamma", "detail": "must be a finite number ≥ 0, but is -1.0."}]}""";

	static final String BAD_REQUEST = "The body is not JSON, a field has the wrong type (a string or a fraction "
			+ "where a number or an integer belongs), or a field is unknown or repeated.";

	static final String BAD_REQUEST_EXAMPLE = """
			{"type": "urn:xent:problem:malformed-request", "title": "Malformed request", "status": 400,
			 "detail": "Unknown field \\"label_smoothing\\"; did you mean \\"labelSmoothing\\"?",
			 "instance": "/v1/cross-entropy/binary",
			 "errors": [{"pointer": "/label_smoothing", "detail": "Unknown field \\"label_smoothing\\"; did you mean \\"labelSmoothing\\"?"}]}""";

	static final String SCORED = "Scored. With a JSON body: the aggregates, the summaries asked for, and unless "
			+ "switched off per-sample losses and gradients. With an Arrow or JSON Lines body: the aggregates and "
			+ "summaries only. With Accept: application/vnd.apache.arrow.stream: one row per sample (loss, weight, "
			+ "gradient), the aggregates and summaries in the schema metadata under xent.";

	static final String UNSUPPORTED = "The body is not one of application/json, "
			+ "application/vnd.apache.arrow.stream, application/x-ndjson or application/jsonl (or JSON in a charset "
			+ "other than UTF-8), or its Content-Encoding is not gzip or deflate.";

	static final String TOO_LARGE = "The body or the batch is larger than the configured limits (xent.limits.*).";

	static final String TOO_LARGE_EXAMPLE = """
			{"type": "urn:xent:problem:payload-too-large", "title": "Payload too large", "status": 413,
			 "detail": "The request body is larger than 67108864 bytes, the configured limit (xent.limits.max-body-bytes).",
			 "instance": "/v1/cross-entropy/binary"}""";

	static final String TIMEOUT = "The body took longer to arrive than the configured limits allow "
			+ "(xent.limits.body-read-timeout for the whole body, server.tomcat.connection-timeout between reads); "
			+ "the connection is closed.";

	static final String UNPROCESSABLE = "Well-formed, but values break the contract: shapes that disagree, a "
			+ "ragged row, a probability outside [0, 1], a row that does not sum to 1, a label out of range, a negative "
			+ "weight, a non-finite number, an empty batch, both or neither of labels/targets, an option that does "
			+ "not apply. `errors` lists the first offending values (at most 100), each with a JSON Pointer.";

	static final String UNPROCESSABLE_EXAMPLE = """
			{"type": "urn:xent:problem:invalid-values", "title": "Invalid values", "status": 422,
			 "detail": "2 values break the contract; see errors.", "instance": "/v1/cross-entropy/categorical",
			 "errors": [{"pointer": "/predictions/1", "detail": "must sum to 1 (±1e-6), but this probability row's sum is 1.2; set renormalize to divide each row by its sum."},
			            {"pointer": "/labels/3", "detail": "must be a class index in [0, 3), but is 7."}]}""";

	static final String PICTURE_ANSWER = "With Accept: image/svg+xml (or image/png) and `plot`, any body format: the "
			+ "picture of the request, 600 × 400, drawn from the same single pass as the summaries: `losses` (histogram "
			+ "of the per-sample losses, five bins a decade from 1e-6 to 1e3, one below, one above), `reliability` (the "
			+ "calibration bins against the diagonal, ECE in the title), `groups` (mean loss per group with its 95% "
			+ "interval). In the SVG every bar or curve is a group whose jfreesvg:ref attribute holds its numbers as "
			+ "JSON and whose <title> says them. plot without a picture Accept, or a picture Accept without plot, is "
			+ "422.";

	static final String BINARY_CURVE_DESCRIPTION = "The seed of xent: ℓ = −log p for y = 1 and −log(1 − p) for y = 0 "
			+ "against p from 0.001 to 0.999, computed by the binary endpoint's own kernel with the options given (as "
			+ "query parameters: posWeight, labelSmoothing, epsilon, each as the request field of "
			+ "/v1/cross-entropy/binary; posWeight at most 1000 here). In the SVG each curve is a group whose "
			+ "jfreesvg:ref attribute holds its numbers as JSON.";

	static final String FOCAL_CURVE_DESCRIPTION = "FL(p_t) = −(1 − p_t)^γ · log p_t against p_t from 0.005 to 1, one "
			+ "curve per γ (query parameter gamma, a comma-separated list of at most 8 distinct values in [0, 50], "
			+ "default 0,0.5,1,2,5: the first figure of Lin et al., 2017), computed by the focal endpoints' own kernel.";

	static final String CURVE_BAD_REQUEST = "A query parameter is unknown, repeated, or not a number (a list of "
			+ "numbers for gamma).";

	static final String CURVE_BAD_REQUEST_EXAMPLE = """
			{"type": "urn:xent:problem:malformed-request", "title": "Malformed request", "status": 400,
			 "detail": "Unknown query parameter \\"pos_weight\\"; did you mean \\"posWeight\\"?",
			 "instance": "/v1/curves/binary.svg",
			 "errors": [{"pointer": "/pos_weight", "detail": "Unknown query parameter \\"pos_weight\\"; did you mean \\"posWeight\\"?"}]}""";

	static final String CURVE_UNPROCESSABLE = "A parameter is out of range: posWeight in (0, 1000], labelSmoothing "
			+ "in [0, 1), epsilon in [0, 0.5), each γ in [0, 50], at most 8 of them, none twice.";

	static final String CURVE_UNPROCESSABLE_EXAMPLE = """
			{"type": "urn:xent:problem:invalid-values", "title": "Invalid values", "status": 422,
			 "detail": "1 value breaks the contract: /gamma/1 must be in [0, 50], but is -1.0.",
			 "instance": "/v1/curves/focal.svg",
			 "errors": [{"pointer": "/gamma/1", "detail": "must be in [0, 50], but is -1.0."}]}""";

	private ApiDocs() {
	}

}
