/**
 * The MongoDB DataStore, schemes {@code mongodb} and {@code mongodb+srv}, on the synchronous
 * driver. Its entry point is {@link dev.proauth2.datastore.mongo.MongoDataStoreProvider}; open it
 * with {@code Proauth2.open("mongodb://localhost:27017/proauth2")}, or make one on a {@code
 * MongoClient} of the application's with {@link dev.proauth2.datastore.mongo.MongoDataStores}.
 */
package dev.proauth2.datastore.mongo;
