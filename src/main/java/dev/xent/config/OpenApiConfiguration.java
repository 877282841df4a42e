package dev.xent.config;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.boot.info.BuildProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's metadata and the shared {@code Problem} schema (RFC 9457 with
 * the service's {@code errors} list).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String DESCRIPTION = """
			Cross-entropy losses and their gradients for model-evaluation pipelines.

			POST a batch of predictions (probabilities, logits or log-probabilities) with labels (class indices, \
			0/1, or soft target rows) and get back, per sample and for the batch, the loss (sum, weighted mean) and \
			its gradients with respect to the predictions.

			* **binary**: `ℓ_i = −s_i·[w⁺·y'·log p + (1−y')·log(1−p)]`, `y' = y·(1−a) + a/2`; `weightSum = Σ s_i`.
			* **multilabel**: `ℓ_i = s_i·(1/K)·Σ_k c_k·e_ik` over K sigmoid columns; `weightSum = Σ s_i`.
			* **categorical**: with labels `ℓ_i = s_i·[(1−a)·(−w_y·log p_y) + (a/C)·Σ_c(−w_c·log p_c)]`, \
			`weightSum = Σ s_i·w_{y_i}` over counted samples; with targets `ℓ_i = −s_i·Σ_c w_c·q'_c·log p_c`, \
			`weightSum = Σ s_i`.
			* **focal** (binary, multilabel, categorical): each term times `α_t·(1−p_t)^γ` (torchvision's \
			`sigmoid_focal_loss`, Keras's focal losses); `γ = 0` without `alpha` is the cross-entropy, bit for bit.

			mean = sum / weightSum (null when weightSum is 0). Probabilities are clipped to [ε, 1−ε] (gradient 0 \
			where clipped); logits use stable softplus and log-sum-exp forms. `compat` (`sklearn`, `keras`, \
			`torch`) picks the framework whose clipping of probabilities the numbers reproduce, to about 1e-12.

			Unknown fields, duplicate keys and options that do not apply are rejected; numbers are never coerced. \
			Errors are RFC 9457 problem details; 422 responses list JSON Pointers to the offending values.""";

	@Bean
	OpenAPI xentOpenApi(ObjectProvider<BuildProperties> build) {
		BuildProperties properties = build.getIfAvailable();
		String version = (properties != null) ? properties.getVersion() : "1";
		return new OpenAPI()
			.info(new Info().title("xent — cross-entropy scoring API").version(version).description(DESCRIPTION));
	}

	@Bean
	OpenApiCustomizer problemSchema() {
		return (openApi) -> {
			Schema<?> error = new ObjectSchema().description("One offending value.")
				.addProperty("pointer",
						new StringSchema().description("RFC 6901 JSON Pointer to the value, e.g. /predictions/3/1"))
				.addProperty("detail", new StringSchema().description("One sentence saying what is wrong."))
				.addProperty("line", new IntegerSchema().format("int64")
					.description("JSON Lines bodies: the 1-based physical line of the value."));
			Schema<?> problem = new ObjectSchema().description("RFC 9457 problem details.")
				.addProperty("type",
						new StringSchema().format("uri")
							.description("Stable problem type, e.g. urn:xent:problem:invalid-values"))
				.addProperty("title", new StringSchema())
				.addProperty("status", new IntegerSchema())
				.addProperty("detail", new StringSchema())
				.addProperty("instance",
						new StringSchema().format("uri-reference").description("The request's path (a relative URI)."))
				.addProperty("errors", new ArraySchema().items(error)
					.description(
							"For 422 (and 400 where a value is at fault): the first offending values, at most 100."))
				.addProperty("line", new IntegerSchema().format("int64")
					.description("JSON Lines bodies: the 1-based physical line of an error that has no pointer."));
			openApi.getComponents().addSchemas("Problem", problem);
			Map<String, Schema> schemas = openApi.getComponents().getSchemas();
			// Spring's own ProblemDetail type is never returned as such; Problem
			// documents the body.
			schemas.remove("ProblemDetail");
			for (String request : RequestSchemaBounds.REQUESTS) {
				Schema<?> schema = schemas.get(request);
				if (schema != null) {
					// Unknown fields are rejected with a 400, and the schema says so.
					schema.setAdditionalProperties(Boolean.FALSE);
				}
			}
			RequestSchemaBounds.apply(schemas);
			for (String request : List.of("CategoricalRequest", "FocalCategoricalRequest")) {
				Schema<?> categorical = schemas.get(request);
				if (categorical != null) {
					categorical.setOneOf(List.of(new ObjectSchema().required(List.of("labels")).title("with labels"),
							new ObjectSchema().required(List.of("targets")).title("with targets")));
				}
			}
		};
	}

}
