// crvs-ops test fixture: stands in for OpenCRVS's Hearth plugin that refuses a second Task with the
// same tracking id. Mounted as a Docker config (hearth-check-dupe-plugin).
'use strict'
module.exports = () => ({
  hooks: {
    before: [
      {
        resourceType: 'Task',
        interactions: ['create'],
        userType: '*',
        function: (interaction, ctx, resourceType, resource, callback) => callback(null, null)
      }
    ]
  }
})
