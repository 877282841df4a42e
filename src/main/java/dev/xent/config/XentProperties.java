package dev.xent.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The service's own settings, {@code xent.*}; each can be set by an environment variable
 * ({@code XENT_LIMITS_MAX_BODY_BYTES=32MB}).
 *
 * @param limits what one request may hold
 */
@ConfigurationProperties("xent")
@Validated
public record XentProperties(@Valid @DefaultValue Limits limits) {

	/**
	 * What one request may hold. Going over any of them is a 413.
	 *
	 * @param maxBodyBytes largest request body, counted while it is read, chunked or not
	 * @param maxNumbers most numbers in one request, over all its arrays
	 * @param maxClasses widest row: classes (categorical) or labels per sample (multi-label)
	 * @param maxNumberLength longest number literal, in characters
	 * @param maxStringLength longest string value, in characters
	 * @param maxNestingDepth deepest nesting of arrays and objects
	 */
	public record Limits(@NotNull @DefaultValue("64MB") DataSize maxBodyBytes,
			@Min(1) @DefaultValue("5000000") long maxNumbers, @Min(2) @DefaultValue("10000") int maxClasses,
			@Min(25) @DefaultValue("100") int maxNumberLength, @Min(32) @DefaultValue("1000") int maxStringLength,
			@Min(3) @DefaultValue("16") int maxNestingDepth) {
	}

}
