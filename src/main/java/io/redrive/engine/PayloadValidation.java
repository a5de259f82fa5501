package io.redrive.engine;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.IOException;
import java.util.Map;

/** Checks an edited payload against what the message says it is, so an edit cannot turn JSON into garbage. */
final class PayloadValidation {
    private PayloadValidation() {
    }

    /**
     * A payload must parse as JSON when its content type says JSON, or, with no content type, when the payload
     * it replaces was JSON.
     */
    static void check(byte[] payload, Map<String, String> headers, Message current) {
        if (!Payloads.mustBeJson(current.payload(), headers)) {
            return;
        }
        try (var parser = Json.MAPPER.createParser(payload)) {
            if (parser.nextToken() == null) {
                throw new InvalidPayloadException("The payload is empty, which is not valid JSON");
            }
            while (parser.nextToken() != null) {
                // reading every token is what validates
            }
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            throw new InvalidPayloadException("The payload is not valid JSON" + (where == null ? "" : " at line "
                    + where.getLineNr() + ", column " + where.getColumnNr()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidPayloadException("The payload could not be read: " + e.getMessage());
        }
    }
}
