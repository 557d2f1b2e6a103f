package dev.proauth2.datastore.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import dev.proauth2.spi.DataStoreUnavailableException;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Table;

/**
 * Translates driver exceptions into the SPI's. The descriptions name the operation, the collection
 * and the kind of failure, never a host, user or password: they can reach an OAuth client as {@code
 * error_description}. The driver's exception stays attached as the cause for the operator's log.
 */
final class MongoFailures {

  private MongoFailures() {}

  /** A failed call: the backend is unavailable, and the request may be retried. */
  static DataStoreUnavailableException translate(MongoException e, String operation, Table table) {
    return new DataStoreUnavailableException(
        "MongoDB did not complete "
            + operation
            + " on collection '"
            + table.tableName()
            + "': "
            + reason(e)
            + "; the request may be retried",
        e);
  }

  /**
   * Why a store could not open: a refused command or refused credentials are a configuration to fix
   * ({@code server_error}); anything else, such as no server answering, is unavailability.
   */
  static Proauth2Exception atOpen(MongoException e, String database) {
    String problem =
        "MongoDB could not be used to open the store on database '" + database + "': " + reason(e);
    if (e instanceof MongoCommandException || e instanceof MongoSecurityException) {
      return new Proauth2Exception(
          Proauth2Exception.SERVER_ERROR,
          problem
              + "; check the user and its roles (readWrite on the database) and any index"
              + " made by hand on these collections",
          e);
    }
    return new DataStoreUnavailableException(
        problem + "; check that the server runs and that the config string names it", e);
  }

  /** Whether the server refused a write for a key that exists: how two racing upserts end. */
  static boolean isDuplicateKey(MongoException e) {
    return ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY;
  }

  private static String reason(MongoException e) {
    if (e instanceof MongoTimeoutException) {
      return "no server could be selected within the server selection timeout";
    }
    if (e instanceof MongoSocketException) {
      return "the connection to the server failed";
    }
    if (e instanceof MongoSecurityException) {
      return "the server refused the credentials";
    }
    if (e instanceof MongoCommandException) {
      return "the server refused the command with error "
          + e.getCode()
          + " ("
          + ((MongoCommandException) e).getErrorCodeName()
          + ")";
    }
    if (e instanceof MongoServerException) {
      return "the server refused the command with error " + e.getCode();
    }
    return e.getClass().getSimpleName();
  }
}
