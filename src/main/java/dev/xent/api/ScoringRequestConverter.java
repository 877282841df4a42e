package dev.xent.api;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.ResolvableType;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.SmartHttpMessageConverter;

/**
 * Reads a {@code JsonRequest<T>} body with {@link JsonRequestReader}, accepting exactly
 * the fields of the request record {@code T}. Registered ahead of Jackson's converter; it
 * reads nothing else and writes nothing.
 */
final class ScoringRequestConverter implements SmartHttpMessageConverter<JsonRequest<?>> {

	private final JsonRequestReader reader;

	private final Map<Class<?>, RequestFields> fields = new ConcurrentHashMap<>();

	ScoringRequestConverter(JsonRequestReader reader) {
		this.reader = reader;
	}

	@Override
	public boolean canRead(ResolvableType type, MediaType mediaType) {
		return JsonRequest.class.equals(type.toClass()) && recordOf(type) != null && readable(mediaType);
	}

	@Override
	public boolean canRead(Class<?> clazz, MediaType mediaType) {
		return false;
	}

	@Override
	public JsonRequest<?> read(ResolvableType type, HttpInputMessage input, Map<String, Object> hints)
			throws IOException {
		RequestFields accepted = this.fields.computeIfAbsent(recordOf(type),
				(c) -> RequestFields.of(c.asSubclass(Record.class)));
		return new JsonRequest<>(this.reader.read(input.getBody(), accepted));
	}

	@Override
	public boolean canWrite(ResolvableType type, Class<?> valueClass, MediaType mediaType) {
		return false;
	}

	@Override
	public boolean canWrite(Class<?> clazz, MediaType mediaType) {
		return false;
	}

	@Override
	public void write(JsonRequest<?> value, ResolvableType type, MediaType contentType, HttpOutputMessage output,
			Map<String, Object> hints) {
		throw new UnsupportedOperationException("a request is never written");
	}

	@Override
	public List<MediaType> getSupportedMediaTypes() {
		return List.of(MediaType.APPLICATION_JSON);
	}

	private static Class<?> recordOf(ResolvableType type) {
		Class<?> record = type.getGeneric(0).resolve();
		return (record != null && record.isRecord()) ? record : null;
	}

	private static boolean readable(MediaType mediaType) {
		return mediaType == null || MediaType.APPLICATION_JSON.isCompatibleWith(mediaType);
	}

}
